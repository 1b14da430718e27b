//! The map, rendered on the server as SVG: country outlines from the bundled boundaries,
//! markers shaped and coloured by verification level, clusters where markers crowd, and a
//! legend. Plate carrée (equirectangular) projection; a country view narrows it to the
//! country's mainland and corrects the longitude scale by the cosine of the mid latitude.
//!
//! Only presentation attributes and classes are used (no `style` attributes), so the SVG
//! works inline under a CSP without `'unsafe-inline'`. No fonts or images are loaded.

use std::collections::HashMap;
use std::fmt::Write as _;

use quietline_core::site::VerificationLevel;

use crate::world::countries;

/// Width of the SVG's coordinate system.
const WIDTH: f64 = 1000.0;
/// Markers closer than this (in SVG units) share a cluster.
const CELL: f64 = 26.0;
/// Height of the legend strip under the map.
const LEGEND: f64 = 38.0;

/// What the map shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MapView {
    /// The whole world (latitudes -58 to 84).
    World,
    /// One country (ISO alpha-2), around its mainland.
    Country(String),
}

/// A site on the map.
#[derive(Clone, Debug)]
pub struct Marker {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Its verification level: the marker's shape and colour.
    pub level: VerificationLevel,
    /// The name shown on hover (`<title>`).
    pub label: String,
    /// Where the marker links.
    pub href: String,
    /// Its country (ISO alpha-2), so that a cluster in one country can link to its view.
    pub country: String,
}

struct Frame {
    lon0: f64,
    lat1: f64,
    kx: f64,
    scale: f64,
    bbox: (f64, f64, f64, f64),
    height: f64,
}

impl Frame {
    fn new(view: &MapView) -> Self {
        let bbox = match view {
            MapView::World => (-180.0, -58.0, 180.0, 84.0),
            MapView::Country(iso) => crate::world::country(iso).and_then(|c| c.main_bbox).map_or(
                (-180.0, -58.0, 180.0, 84.0),
                |(a, b, c, d)| {
                    let (px, py) = (((c - a) * 0.08).max(0.5), ((d - b) * 0.08).max(0.5));
                    (a - px, b - py, c + px, d + py)
                },
            ),
        };
        let (mut a, mut b, mut c, mut d) = bbox;
        let kx = if *view == MapView::World {
            1.0
        } else {
            ((b + d) / 2.0).to_radians().cos().max(0.2)
        };
        // Keep the aspect (height / width) between 0.45 and 1 by widening the narrow side.
        let (w, h) = ((c - a) * kx, d - b);
        if h > w {
            let extra = (h / kx - (c - a)) / 2.0;
            a -= extra;
            c += extra;
        } else if h < 0.45 * w && *view != MapView::World {
            let extra = (0.45 * w - h) / 2.0;
            b -= extra;
            d += extra;
        }
        let scale = WIDTH / ((c - a) * kx);
        Self {
            lon0: a,
            lat1: d,
            kx,
            scale,
            bbox: (a, b, c, d),
            height: (d - b) * scale,
        }
    }

    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.lon0) * self.kx * self.scale,
            (self.lat1 - lat) * self.scale,
        )
    }

    fn sees(&self, b: (f64, f64, f64, f64)) -> bool {
        b.0 <= self.bbox.2 && b.2 >= self.bbox.0 && b.1 <= self.bbox.3 && b.3 >= self.bbox.1
    }

    fn contains(&self, lon: f64, lat: f64) -> bool {
        self.sees((lon, lat, lon, lat))
    }
}

/// A square of the clustering grid.
type Cell = (i64, i64);
/// A marker's index and its projected point.
type Placed = (usize, f64, f64);

/// Escapes text for XML content and attribute values, dropping control characters and
/// Unicode's bidirectional controls (a site's name may come from a report: it must not
/// reorder the map's labels and titles; quietline_core::text).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() || quietline_core::text::is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn level_index(level: VerificationLevel) -> usize {
    match level {
        VerificationLevel::AllegationOnly => 0,
        VerificationLevel::Corroborated => 1,
        VerificationLevel::OfficiallyConfirmed => 2,
    }
}

/// Okabe-Ito orange and blue and Paul Tol's red (distinguishable with the common colour-vision
/// deficiencies), and a different shape for each level so that colour is never the only cue.
const COLOURS: [&str; 3] = ["#E69F00", "#0072B2", "#CC3311"];

fn symbol(out: &mut String, level: usize, x: f64, y: f64, r: f64, extra: &str) {
    let colour = COLOURS.get(level).copied().unwrap_or("#000");
    let _ = match level {
        0 => write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{colour}" stroke="#222" stroke-width="1" class="m m0">{extra}</circle>"##
        ),
        1 => write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}" stroke="#222" stroke-width="1" class="m m1">{extra}</rect>"##,
            x - r * 0.9,
            y - r * 0.9,
            r * 1.8,
            r * 1.8
        ),
        _ => write!(
            out,
            r##"<path d="M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z" fill="{colour}" stroke="#222" stroke-width="1" class="m m2">{extra}</path>"##,
            y - r * 1.2,
            x + r * 1.1,
            y + r * 0.8,
            x - r * 1.1,
            y + r * 0.8
        ),
    };
}

/// Renders the map. `cluster_link` turns a country code into the address of that country's
/// view (for clusters in one country, in the world view); markers outside the view are left
/// out (the page's list still has them).
pub fn render_map(
    view: &MapView,
    markers: &[Marker],
    cluster_link: &dyn Fn(&str) -> Option<String>,
) -> String {
    let frame = Frame::new(view);
    let selected = match view {
        MapView::Country(iso) => iso.to_ascii_uppercase(),
        MapView::World => String::new(),
    };
    let total_height = frame.height + LEGEND;
    let mut out = String::with_capacity(256 * 1024 + markers.len() * 160);
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total_height:.0}" class="site-map" role="group" aria-labelledby="map-title" font-family="sans-serif" data-lon0="{}" data-lat1="{}" data-kx="{}" data-scale="{}"><title id="map-title">Map of {} sites{}</title><clipPath id="map-clip"><rect width="{WIDTH}" height="{h:.1}"/></clipPath><rect width="{WIDTH}" height="{h:.1}" fill="#dbe9f4" class="sea"/><g clip-path="url(#map-clip)"><g class="land" fill="#f4f1ea" stroke="#9a9a9a" stroke-width="0.6" stroke-linejoin="round">"##,
        frame.lon0,
        frame.lat1,
        frame.kx,
        frame.scale,
        markers.len(),
        if selected.is_empty() {
            String::new()
        } else {
            format!(" in {}", esc(&crate::world::country_name(&selected)))
        },
        h = frame.height
    );
    for country in countries() {
        let rings: Vec<_> = country
            .rings
            .iter()
            .filter(|r| frame.sees(r.bbox))
            .collect();
        if rings.is_empty() {
            continue;
        }
        let class = if !selected.is_empty() && country.iso == selected {
            r##" class="selected" fill="#fffdf6" stroke="#555""##
        } else {
            ""
        };
        let _ = write!(out, r#"<path{class} d=""#);
        for ring in rings {
            let mut last = (f64::NAN, f64::NAN);
            let mut first = true;
            for &(lon, lat) in &ring.points {
                let (x, y) = frame.project(lon, lat);
                // Points closer than half a unit to the previous one add nothing visible.
                let (x, y) = ((x * 2.0).round() / 2.0, (y * 2.0).round() / 2.0);
                if (x, y) == last {
                    continue;
                }
                let _ = write!(out, "{}{x} {y}", if first { 'M' } else { 'L' });
                first = false;
                last = (x, y);
            }
            out.push('Z');
        }
        let _ = write!(out, r#""><title>{}</title></path>"#, esc(&country.name));
    }
    out.push_str("</g></g>");

    // Clusters: markers in the same CELL x CELL square merge.
    let mut cells: HashMap<Cell, Vec<Placed>> = HashMap::new();
    let mut order: Vec<(i64, i64)> = Vec::new();
    for (i, m) in markers.iter().enumerate() {
        if !(m.lat.is_finite() && m.lon.is_finite() && frame.contains(m.lon, m.lat)) {
            continue;
        }
        let (x, y) = frame.project(m.lon, m.lat);
        let key = ((x / CELL).floor() as i64, (y / CELL).floor() as i64);
        let cell = cells.entry(key).or_default();
        if cell.is_empty() {
            order.push(key);
        }
        cell.push((i, x, y));
    }
    out.push_str(r#"<g class="markers">"#);
    for key in order {
        let Some(cell) = cells.get(&key) else {
            continue;
        };
        if let [(i, x, y)] = cell.as_slice() {
            let Some(m) = markers.get(*i) else { continue };
            let _ = write!(out, r#"<a href="{}">"#, esc(&m.href));
            let title = format!("<title>{} ({})</title>", esc(&m.label), m.level.label());
            symbol(&mut out, level_index(m.level), *x, *y, 7.0, &title);
            out.push_str("</a>");
            continue;
        }
        let n = cell.len() as f64;
        let (sx, sy) = cell
            .iter()
            .fold((0.0, 0.0), |(a, b), (_, x, y)| (a + x, b + y));
        let (x, y) = (sx / n, sy / n);
        let mut counts = [0usize; 3];
        let mut country: Option<&str> = None;
        let mut one_country = true;
        for (i, _, _) in cell {
            if let Some(m) = markers.get(*i) {
                if let Some(c) = counts.get_mut(level_index(m.level)) {
                    *c += 1;
                }
                match country {
                    None => country = Some(&m.country),
                    Some(c) if c != m.country => one_country = false,
                    _ => {}
                }
            }
        }
        let top = counts.iter().rposition(|&c| c > 0).unwrap_or(0);
        let r = 11.0 + 3.0 * n.log10();
        let title = format!(
            "<title>{} sites: {} allegation only, {} corroborated, {} officially confirmed</title>",
            cell.len(),
            counts[0],
            counts[1],
            counts[2]
        );
        let link = match (view, country) {
            (MapView::World, Some(c)) if one_country && !c.is_empty() => cluster_link(c),
            _ => None,
        };
        if let Some(href) = &link {
            let _ = write!(out, r#"<a href="{}">"#, esc(href));
        }
        let colour = COLOURS.get(top).copied().unwrap_or("#000");
        let _ = write!(
            out,
            r##"<g class="cluster"><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="#ffffff" stroke="{colour}" stroke-width="3"/>{title}<text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="12" font-weight="bold" fill="#222">{}</text></g>"##,
            y + 4.0,
            cell.len()
        );
        if link.is_some() {
            out.push_str("</a>");
        }
    }
    out.push_str("</g>");

    // The legend.
    let ly = frame.height + LEGEND / 2.0;
    let _ = write!(
        out,
        r##"<g class="legend" font-size="15" fill="#222"><rect y="{:.1}" width="{WIDTH}" height="{LEGEND}" fill="#ffffff"/>"##,
        frame.height
    );
    let mut x = 16.0;
    for (i, level) in VerificationLevel::ALL.iter().enumerate() {
        symbol(&mut out, i, x, ly, 7.0, "");
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            x + 10.0,
            ly + 4.0,
            level.label()
        );
        x += 215.0;
    }
    let _ = write!(
        out,
        r##"<circle cx="{x:.1}" cy="{ly:.1}" r="10" fill="#ffffff" stroke="#222" stroke-width="2"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="11" font-weight="bold">n</text><text x="{:.1}" y="{:.1}">sites close together (ring: highest level)</text></g></svg>"##,
        ly + 3.0,
        x + 14.0,
        ly + 4.0
    );
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn marker(lat: f64, lon: f64, level: VerificationLevel, country: &str) -> Marker {
        Marker {
            lat,
            lon,
            level,
            label: "Site <1>".into(),
            href: "/s?a=1&b=2".into(),
            country: country.into(),
        }
    }

    #[test]
    fn a_lone_marker_is_drawn_with_its_level_and_crowded_ones_cluster() {
        let markers = vec![
            marker(43.88, 11.1, VerificationLevel::Corroborated, "IT"),
            marker(43.881, 11.101, VerificationLevel::OfficiallyConfirmed, "IT"),
            marker(43.882, 11.102, VerificationLevel::AllegationOnly, "IT"),
            marker(-33.9, 151.2, VerificationLevel::AllegationOnly, "AU"),
        ];
        let svg = render_map(&MapView::World, &markers, &|c| {
            Some(format!("/map?country={c}"))
        });
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(
            svg.contains("Site &lt;1&gt; (Allegation only)"),
            "escaped title"
        );
        assert!(svg.contains(r#"href="/s?a=1&amp;b=2""#));
        assert!(svg.contains("3 sites: 1 allegation only, 1 corroborated, 1 officially confirmed"));
        assert!(
            svg.contains(r#"href="/map?country=IT""#),
            "the cluster links to Italy"
        );
        assert!(svg.contains("<title>Italy</title>"));
        assert!(!svg.contains("style="), "no inline style under the CSP");
    }

    #[test]
    fn a_country_view_shows_only_its_markers_spread_out() {
        let markers = vec![
            marker(43.88, 11.1, VerificationLevel::Corroborated, "IT"),
            marker(45.46, 9.19, VerificationLevel::AllegationOnly, "IT"),
            marker(-33.9, 151.2, VerificationLevel::AllegationOnly, "AU"),
        ];
        let svg = render_map(&MapView::Country("it".into()), &markers, &|_| None);
        assert_eq!(
            svg.matches("<a href").count(),
            2,
            "Sydney is outside Italy's view"
        );
        assert!(svg.contains(r#"class="selected""#));
        assert!(svg.contains("in Italy"));
    }
}
