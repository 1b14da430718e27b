//! Cities and countries.
//!
//! A city key is the folded city name without accents, punctuation, a trailing province or
//! "city", with "St." read as "saint", and with the Chinese names of cities where the overseas
//! stations were reported mapped to their English names (多伦多 = Toronto). Two records are in the
//! same city when the keys are equal and their countries (ISO 3166-1 alpha-2) are equal or one is
//! unknown, so London, Ontario never meets London, England when both say where they are.

use crate::name::han::simplify;
use crate::text::{has_han, latin_fold};

/// Chinese names of cities (simplified) -> English key.
const HAN_CITIES: &[(&str, &str)] = &[
    ("多伦多", "toronto"),
    ("温哥华", "vancouver"),
    ("蒙特利尔", "montreal"),
    ("满地可", "montreal"),
    ("卡尔加里", "calgary"),
    ("埃德蒙顿", "edmonton"),
    ("渥太华", "ottawa"),
    ("万锦", "markham"),
    ("列治文", "richmond"),
    ("列治文山", "richmond hill"),
    ("密西沙加", "mississauga"),
    ("士嘉堡", "scarborough"),
    ("本拿比", "burnaby"),
    ("温尼伯", "winnipeg"),
    ("纽约", "new york"),
    ("洛杉矶", "los angeles"),
    ("旧金山", "san francisco"),
    ("三藩市", "san francisco"),
    ("休斯顿", "houston"),
    ("休斯敦", "houston"),
    ("芝加哥", "chicago"),
    ("西雅图", "seattle"),
    ("波士顿", "boston"),
    ("伦敦", "london"),
    ("曼彻斯特", "manchester"),
    ("伯明翰", "birmingham"),
    ("格拉斯哥", "glasgow"),
    ("爱丁堡", "edinburgh"),
    ("都柏林", "dublin"),
    ("巴黎", "paris"),
    ("里昂", "lyon"),
    ("马赛", "marseille"),
    ("米兰", "milan"),
    ("罗马", "rome"),
    ("佛罗伦萨", "florence"),
    ("普拉托", "prato"),
    ("威尼斯", "venice"),
    ("马德里", "madrid"),
    ("巴塞罗那", "barcelona"),
    ("瓦伦西亚", "valencia"),
    ("里斯本", "lisbon"),
    ("波尔图", "porto"),
    ("阿姆斯特丹", "amsterdam"),
    ("鹿特丹", "rotterdam"),
    ("海牙", "the hague"),
    ("布鲁塞尔", "brussels"),
    ("安特卫普", "antwerp"),
    ("柏林", "berlin"),
    ("法兰克福", "frankfurt"),
    ("汉堡", "hamburg"),
    ("慕尼黑", "munich"),
    ("杜塞尔多夫", "dusseldorf"),
    ("维也纳", "vienna"),
    ("布拉格", "prague"),
    ("布达佩斯", "budapest"),
    ("华沙", "warsaw"),
    ("布加勒斯特", "bucharest"),
    ("索非亚", "sofia"),
    ("雅典", "athens"),
    ("斯德哥尔摩", "stockholm"),
    ("奥斯陆", "oslo"),
    ("哥本哈根", "copenhagen"),
    ("赫尔辛基", "helsinki"),
    ("苏黎世", "zurich"),
    ("日内瓦", "geneva"),
    ("悉尼", "sydney"),
    ("墨尔本", "melbourne"),
    ("布里斯班", "brisbane"),
    ("珀斯", "perth"),
    ("奥克兰", "auckland"),
    ("惠灵顿", "wellington"),
    ("东京", "tokyo"),
    ("大阪", "osaka"),
    ("首尔", "seoul"),
    ("约翰内斯堡", "johannesburg"),
    ("开普敦", "cape town"),
    ("内罗毕", "nairobi"),
    ("拉各斯", "lagos"),
    ("圣保罗", "sao paulo"),
    ("里约热内卢", "rio de janeiro"),
    ("布宜诺斯艾利斯", "buenos aires"),
    ("圣地亚哥", "santiago"),
    ("利马", "lima"),
    ("墨西哥城", "mexico city"),
    ("乌兰巴托", "ulaanbaatar"),
    ("基辅", "kyiv"),
];

/// Local names of cities (folded, as written by people who live there) -> English key, so
/// that "Milano" meets "Milan". Cities of the reported stations and of the diaspora's largest
/// communities in Europe; names from the cities' own Wikipedia articles.
const LOCAL_CITIES: &[(&str, &str)] = &[
    ("milano", "milan"),
    ("roma", "rome"),
    ("firenze", "florence"),
    ("venezia", "venice"),
    ("napoli", "naples"),
    ("torino", "turin"),
    ("genova", "genoa"),
    ("padova", "padua"),
    ("wien", "vienna"),
    ("praha", "prague"),
    // `latin_fold` reads ü as pinyin's v.
    ("munchen", "munich"),
    ("mvnchen", "munich"),
    ("muenchen", "munich"),
    ("koln", "cologne"),
    ("koeln", "cologne"),
    ("frankfurt am main", "frankfurt"),
    ("lisboa", "lisbon"),
    ("sevilla", "seville"),
    ("den haag", "the hague"),
    ("s gravenhage", "the hague"),
    ("bruxelles", "brussels"),
    ("brussel", "brussels"),
    ("antwerpen", "antwerp"),
    ("anvers", "antwerp"),
    ("kobenhavn", "copenhagen"),
    ("goteborg", "gothenburg"),
    ("goeteborg", "gothenburg"),
    ("warszawa", "warsaw"),
    ("bucuresti", "bucharest"),
    ("athina", "athens"),
    ("beograd", "belgrade"),
    ("nyc", "new york"),
];

/// Province, state and country words that may trail a city name ("Toronto, ON").
const TRAILING: &[&str] = &[
    "on",
    "ontario",
    "bc",
    "british columbia",
    "qc",
    "quebec",
    "ab",
    "alberta",
    "mb",
    "manitoba",
    "sk",
    "ns",
    "nb",
    "nl",
    "pe",
    "canada",
    "ca",
    "usa",
    "us",
    "uk",
    "england",
    "scotland",
    "ny",
    "ca.",
    "tx",
    "wa",
    "il",
    "ma",
    "nsw",
    "vic",
    "qld",
    "italy",
    "italia",
    "france",
    "spain",
    "netherlands",
    "germany",
    "ireland",
    "australia",
];

/// Normalises a city name to a key ("" when empty).
pub(crate) fn key(raw: &str) -> String {
    let raw = raw.trim();
    if raw.is_empty() {
        return String::new();
    }
    if has_han(raw) {
        let s: String = simplify(raw)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let s = s.trim_end_matches('市');
        if let Some((_, en)) = HAN_CITIES.iter().find(|(zh, _)| *zh == s) {
            return (*en).to_string();
        }
        return s.to_string();
    }
    let f = latin_fold(raw);
    // Keep the part before the first comma ("Toronto, ON" -> "toronto").
    let head = f.split([',', '(']).next().unwrap_or("");
    let mut words: Vec<String> = head
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "st" | "ste" => "saint".to_string(),
            "mt" => "mount".to_string(),
            other => other.to_string(),
        })
        .collect();
    while words.len() > 1 && words.last().is_some_and(|w| TRAILING.contains(&w.as_str())) {
        words.pop();
    }
    if words.len() > 1
        && words.last().is_some_and(|w| w == "city")
        && words.first().is_some_and(|w| w != "mexico")
    {
        words.pop();
    }
    let key = words.join(" ");
    match LOCAL_CITIES.iter().find(|(local, _)| *local == key) {
        Some((_, english)) => (*english).to_string(),
        None => key,
    }
}

/// Normalises an ISO 3166-1 alpha-2 code. `Err` when the value is not two letters.
pub(crate) fn country(raw: &str) -> Result<String, ()> {
    let c = raw.trim().to_ascii_uppercase();
    if c.is_empty() {
        return Ok(c);
    }
    let c = if c == "UK" { "GB".to_string() } else { c };
    if c.len() == 2 && c.chars().all(|x| x.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(key("Toronto"), "toronto");
        assert_eq!(key(" TORONTO, ON "), "toronto");
        assert_eq!(key("Toronto ON"), "toronto");
        assert_eq!(key("多伦多"), "toronto");
        assert_eq!(key("多倫多市"), "toronto");
        assert_eq!(key("Montréal"), "montreal");
        assert_eq!(key("St. Catharines"), "saint catharines");
        assert_eq!(key("New York City"), "new york");
        assert_eq!(key("Mexico City"), "mexico city");
        assert_eq!(key("Milano"), key("Milan"));
        assert_eq!(key("München"), "munich");
        assert_eq!(key("Frankfurt am Main"), key("Frankfurt"));
        assert_eq!(key("Den Haag"), key("海牙"));
        assert_eq!(key("'s-Gravenhage"), "the hague");
        assert_eq!(key(""), "");
        assert_eq!(country("ca"), Ok("CA".into()));
        assert!(country("Canada").is_err());
    }
}
