//! Generator of labelled test corpora for the cross-referencing engine (issue 4).
//!
//! Deterministic (SplitMix64 from a seed). It writes the kinds of records reports contain, with
//! the hard cases of the issue: the same full name for different people in the same and in
//! different cities; Cantonese collisions (王 and 黃 both "Wong", 吳 and 伍 both "Ng"); phones in
//! many formats; simplified and traditional; pinyin, Wade-Giles and Cantonese, surname first or
//! last; mentions with only a name and a city; addresses with abbreviations and unit variants;
//! different sites a few doors apart on the same street; the same association name in two cities.
//!
//! Every person is known by at least one strong identifier, given in full in the person's first
//! record: two people with the same name in the same city, one of whom is only ever mentioned by
//! name, cannot be told apart by anyone, so such data would measure nothing (docs/xref.md).
//!
//! Its name data is typed in by hand below (readings from dictionaries), independently of the
//! engine's tables, so the tests check the engine against a second source.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fmt::Write as _;

/// SplitMix64.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// (simplified, traditional, pinyin, Wade-Giles, Hong Kong Cantonese)
pub const SURNAMES: &[(&str, &str, &str, &str, &str)] = &[
    ("陈", "陳", "Chen", "Ch'en", "Chan"),
    ("王", "王", "Wang", "Wang", "Wong"),
    ("黄", "黃", "Huang", "Huang", "Wong"),
    ("李", "李", "Li", "Li", "Lee"),
    ("张", "張", "Zhang", "Chang", "Cheung"),
    ("刘", "劉", "Liu", "Liu", "Lau"),
    ("杨", "楊", "Yang", "Yang", "Yeung"),
    ("吴", "吳", "Wu", "Wu", "Ng"),
    ("伍", "伍", "Wu", "Wu", "Ng"),
    ("周", "周", "Zhou", "Chou", "Chau"),
    ("林", "林", "Lin", "Lin", "Lam"),
    ("何", "何", "He", "Ho", "Ho"),
    ("郭", "郭", "Guo", "Kuo", "Kwok"),
    ("梁", "梁", "Liang", "Liang", "Leung"),
    ("谢", "謝", "Xie", "Hsieh", "Tse"),
    ("曾", "曾", "Zeng", "Tseng", "Tsang"),
    ("许", "許", "Xu", "Hsü", "Hui"),
    ("郑", "鄭", "Zheng", "Cheng", "Cheng"),
    ("罗", "羅", "Luo", "Lo", "Law"),
    ("朱", "朱", "Zhu", "Chu", "Chu"),
    ("马", "馬", "Ma", "Ma", "Ma"),
    ("胡", "胡", "Hu", "Hu", "Wu"),
    ("高", "高", "Gao", "Kao", "Ko"),
    ("叶", "葉", "Ye", "Yeh", "Yip"),
    ("徐", "徐", "Xu", "Hsü", "Tsui"),
    ("孙", "孫", "Sun", "Sun", "Suen"),
    ("邓", "鄧", "Deng", "Teng", "Tang"),
    ("冯", "馮", "Feng", "Feng", "Fung"),
    ("蔡", "蔡", "Cai", "Ts'ai", "Choi"),
    ("潘", "潘", "Pan", "P'an", "Poon"),
    ("袁", "袁", "Yuan", "Yüan", "Yuen"),
    ("汪", "汪", "Wang", "Wang", "Wong"),
    ("区", "區", "Ou", "Ou", "Au"),
    ("单", "單", "Shan", "Shan", "Sin"),
    ("欧阳", "歐陽", "Ouyang", "Ou-yang", "Au Yeung"),
];

/// Given-name characters: (simplified, traditional, pinyin, Wade-Giles, HK Cantonese).
pub const GIVEN: &[(&str, &str, &str, &str, &str)] = &[
    ("伟", "偉", "wei", "wei", "wai"),
    ("志", "志", "zhi", "chih", "chi"),
    ("明", "明", "ming", "ming", "ming"),
    ("国", "國", "guo", "kuo", "kwok"),
    ("华", "華", "hua", "hua", "wah"),
    ("文", "文", "wen", "wen", "man"),
    ("强", "強", "qiang", "ch'iang", "keung"),
    ("军", "軍", "jun", "chün", "kwan"),
    ("平", "平", "ping", "p'ing", "ping"),
    ("建", "建", "jian", "chien", "kin"),
    ("德", "德", "de", "te", "tak"),
    ("俊", "俊", "jun", "chün", "chun"),
    ("杰", "傑", "jie", "chieh", "kit"),
    ("荣", "榮", "rong", "jung", "wing"),
    ("辉", "輝", "hui", "hui", "fai"),
    ("家", "家", "jia", "chia", "ka"),
    ("玉", "玉", "yu", "yü", "yuk"),
    ("美", "美", "mei", "mei", "mei"),
    ("丽", "麗", "li", "li", "lai"),
    ("秀", "秀", "xiu", "hsiu", "sau"),
    ("英", "英", "ying", "ying", "ying"),
    ("敏", "敏", "min", "min", "man"),
    ("静", "靜", "jing", "ching", "ching"),
    ("红", "紅", "hong", "hung", "hung"),
    ("海", "海", "hai", "hai", "hoi"),
    ("东", "東", "dong", "tung", "tung"),
    ("南", "南", "nan", "nan", "nam"),
    ("安", "安", "an", "an", "on"),
    ("永", "永", "yong", "yung", "wing"),
    ("成", "成", "cheng", "ch'eng", "shing"),
    ("新", "新", "xin", "hsin", "san"),
    ("光", "光", "guang", "kuang", "kwong"),
    ("天", "天", "tian", "t'ien", "tin"),
    ("宏", "宏", "hong", "hung", "wang"),
    ("嘉", "嘉", "jia", "chia", "ka"),
    ("子", "子", "zi", "tzu", "tsz"),
    ("思", "思", "si", "ssu", "sze"),
    ("大", "大", "da", "ta", "tai"),
    ("小", "小", "xiao", "hsiao", "siu"),
    ("春", "春", "chun", "ch'un", "chun"),
    ("晓", "曉", "xiao", "hsiao", "hiu"),
    ("雪", "雪", "xue", "hsüeh", "suet"),
    ("婷", "婷", "ting", "t'ing", "ting"),
    ("琳", "琳", "lin", "lin", "lam"),
    ("宇", "宇", "yu", "yü", "yu"),
    ("浩", "浩", "hao", "hao", "ho"),
    ("振", "振", "zhen", "chen", "chun"),
    ("兴", "興", "xing", "hsing", "hing"),
    ("耀", "耀", "yao", "yao", "yiu"),
    ("贤", "賢", "xian", "hsien", "yin"),
    ("龙", "龍", "long", "lung", "lung"),
    ("凤", "鳳", "feng", "feng", "fung"),
    ("金", "金", "jin", "chin", "kam"),
    ("宝", "寶", "bao", "pao", "po"),
    ("顺", "順", "shun", "shun", "shun"),
    ("立", "立", "li", "li", "lap"),
    ("学", "學", "xue", "hsüeh", "hok"),
    ("友", "友", "you", "yu", "yau"),
    ("泽", "澤", "ze", "tse", "chak"),
    ("慧", "慧", "hui", "hui", "wai"),
    ("佩", "佩", "pei", "p'ei", "pui"),
    ("诗", "詩", "shi", "shih", "sze"),
    ("达", "達", "da", "ta", "tat"),
    ("锦", "錦", "jin", "chin", "kam"),
    ("康", "康", "kang", "k'ang", "hong"),
    ("福", "福", "fu", "fu", "fuk"),
];

/// One Uyghur name element: (Uyghur Latin, Arabic script, Cyrillic, Chinese transcription, its
/// pinyin, other spellings).
pub type UyghurElement = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

/// Uyghur name elements (issue 16), typed in by hand independently of the engine's tables.
pub const UYGHUR: &[UyghurElement] = &[
    (
        "Exmet",
        "ئەخمەت",
        "Әхмәт",
        "艾合买提",
        "Aihemaiti",
        &["Ahmat", "Akhmet"],
    ),
    (
        "Memet",
        "مەمەت",
        "Мәмәт",
        "买买提",
        "Maimaiti",
        &["Mehmet", "Mamat"],
    ),
    ("Eli", "ئەلى", "Әли", "艾力", "Aili", &["Ali"]),
    ("Adil", "ئادىل", "Адил", "阿迪力", "Adili", &[]),
    (
        "Nurmemet",
        "نۇرمەمەت",
        "Нурмәмәт",
        "努尔买买提",
        "Nuermaimaiti",
        &["Nurmamat"],
    ),
    ("Tursun", "تۇرسۇن", "Турсун", "吐尔逊", "Tuerxun", &[]),
    (
        "Abdulla",
        "ئابدۇللا",
        "Абдулла",
        "阿不都拉",
        "Abudula",
        &["Abdullah"],
    ),
    ("Alim", "ئالىم", "Алим", "阿力木", "Alimu", &[]),
    ("Ilham", "ئىلھام", "Илһам", "伊力哈木", "Yilihamu", &[]),
    (
        "Qurban",
        "قۇربان",
        "Қурбан",
        "库尔班",
        "Kuerban",
        &["Kurban"],
    ),
    ("Yasin", "ياسىن", "Ясин", "亚森", "Yasen", &[]),
    ("Hesen", "ھەسەن", "Һәсән", "艾山", "Aishan", &["Hasan"]),
    ("Toxti", "توختى", "Тохти", "托合提", "Tuoheti", &["Tohti"]),
    ("Erkin", "ئەركىن", "Әркин", "艾尔肯", "Aierken", &["Arkin"]),
    ("Rozi", "روزى", "Рози", "肉孜", "Rouzi", &[]),
    (
        "Aygül",
        "ئايگۈل",
        "Айгүл",
        "阿依古丽",
        "Ayiguli",
        &["Aigul"],
    ),
    (
        "Gülnar",
        "گۈلنار",
        "Гүлнар",
        "古丽娜尔",
        "Gulinaer",
        &["Gulnara"],
    ),
    ("Patigül", "پاتىگۈل", "Патигүл", "帕提古丽", "Patiguli", &[]),
    (
        "Mihrigül",
        "مىھرىگۈل",
        "Миһригүл",
        "米热古丽",
        "Mireguli",
        &[],
    ),
    ("Rabiye", "رابىيە", "Рабийә", "热比娅", "Rebiya", &["Rabia"]),
];

/// Tibetan name elements (issue 16), typed in by hand: (Wylie, Tibetan script, phonetic,
/// Chinese transcription, its pinyin).
pub const TIBETAN: &[(&str, &str, &str, &str, &str)] = &[
    ("bkra shis", "བཀྲ་ཤིས", "Tashi", "扎西", "Zhaxi"),
    ("tshe ring", "ཚེ་རིང", "Tsering", "次仁", "Ciren"),
    ("sgrol ma", "སྒྲོལ་མ", "Dolma", "卓玛", "Zhuoma"),
    ("bstan 'dzin", "བསྟན་འཛིན", "Tenzin", "丹增", "Danzeng"),
    ("blo bzang", "བློ་བཟང", "Lobsang", "洛桑", "Luosang"),
    ("rdo rje", "རྡོ་རྗེ", "Dorje", "多吉", "Duoji"),
    ("nyi ma", "ཉི་མ", "Nyima", "尼玛", "Nima"),
    ("zla ba", "ཟླ་བ", "Dawa", "达瓦", "Dawa"),
    ("pad ma", "པད་མ", "Pema", "白玛", "Baima"),
    ("lha mo", "ལྷ་མོ", "Lhamo", "拉姆", "Lamu"),
    ("bsod nams", "བསོད་ནམས", "Sonam", "索朗", "Suolang"),
    ("dbyangs can", "དབྱངས་ཅན", "Yangchen", "央金", "Yangjin"),
    ("phun tshogs", "ཕུན་ཚོགས", "Phuntsok", "平措", "Pingcuo"),
    ("ye shes", "ཡེ་ཤེས", "Yeshe", "益西", "Yixi"),
];

/// Whether a true entity is a Uyghur or Tibetan person of [`generate`] (their labels start
/// `PU` and `PT`).
pub fn is_uyghur_or_tibetan(truth: &str) -> bool {
    truth.starts_with("PU") || truth.starts_with("PT")
}

/// Cities: (English, Chinese, country, phone family, province).
pub const CITIES: &[(&str, &str, &str, &str, &str)] = &[
    ("Toronto", "多伦多", "CA", "416", "ON"),
    ("Vancouver", "温哥华", "CA", "604", "BC"),
    ("Markham", "万锦", "CA", "905", "ON"),
    ("Montreal", "蒙特利尔", "CA", "514", "QC"),
    ("New York", "纽约", "US", "212", "NY"),
    ("Los Angeles", "洛杉矶", "US", "213", "CA"),
    ("London", "伦敦", "GB", "GB", ""),
    ("Rotterdam", "鹿特丹", "NL", "NL", ""),
];

const STREETS: &[&str] = &[
    "Maplewood",
    "Sheppard",
    "Spadina",
    "Dundas",
    "Kingsway",
    "Victoria",
    "Birchmount",
    "Finch",
    "Pender",
    "Gerrard",
    "Elgin",
    "Lakeshore",
    "Hillcrest",
    "Willow",
    "Cedarbrae",
    "Granville",
];
/// (full, abbreviation)
const STREET_TYPES: &[(&str, &str)] = &[
    ("Street", "St"),
    ("Avenue", "Ave"),
    ("Road", "Rd"),
    ("Boulevard", "Blvd"),
    ("Drive", "Dr"),
    ("Crescent", "Cres"),
    ("Court", "Ct"),
    ("Place", "Pl"),
    ("Lane", "Ln"),
];
/// (English, Chinese simplified, Chinese traditional)
const HOMETOWNS: &[(&str, &str, &str)] = &[
    ("Fuqing", "福清", "福清"),
    ("Fuzhou", "福州", "福州"),
    ("Wenzhou", "温州", "溫州"),
    ("Qingtian", "青田", "青田"),
    ("Changle", "长乐", "長樂"),
    ("Lianjiang", "连江", "連江"),
    ("Nantong", "南通", "南通"),
    ("Taishan", "台山", "台山"),
    ("Mingxi", "明溪", "明溪"),
    ("Putian", "莆田", "莆田"),
    ("Jiangmen", "江门", "江門"),
    ("Zhejiang", "浙江", "浙江"),
];
/// (English, English abbreviated, Chinese simplified, Chinese traditional)
const BODIES: &[(&str, &str, &str, &str)] = &[
    (
        "Fellow Townsmen Association",
        "Fellow Townsmen Assoc.",
        "同乡会",
        "同鄉會",
    ),
    ("Association", "Assn.", "协会", "協會"),
    ("Chamber of Commerce", "Chamber of Commerce", "商会", "商會"),
    (
        "Overseas Chinese Service Centre",
        "Overseas Chinese Service Center",
        "华侨服务中心",
        "華僑服務中心",
    ),
    ("Friendship Society", "Friendship Soc.", "联谊会", "聯誼會"),
];

/// One generated record: its JSON line and its true entity.
pub struct Labelled {
    pub id: String,
    pub json: String,
    pub truth: String,
}

fn jstr(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn jlist(v: &[String]) -> String {
    format!(
        "[{}]",
        v.iter().map(|s| jstr(s)).collect::<Vec<_>>().join(",")
    )
}

struct Person {
    truth: String,
    /// Uyghur or Tibetan name elements, in order (issue 16); `None` for a Chinese name.
    elements: Option<Elements>,
    surname: usize,
    given: Vec<usize>,
    city: usize,
    phones: Vec<Phone>,
    email: Option<String>,
    wechat: Option<String>,
}

#[derive(Clone)]
enum Phone {
    /// NANP: area, exchange, line.
    Nanp(String, String, String),
    /// UK London drama range 020 7946 0xxx.
    Gb(String),
    /// Rotterdam 010 + 7 digits.
    Nl(String),
    /// Chinese mobile: 11 digits.
    Cn(String),
}

fn phone_for_city(rng: &mut Rng, city: usize) -> Phone {
    // Synthetic towns of large corpora are Canadian.
    let fam = CITIES.get(city).map_or("416", |c| c.3);
    if rng.chance(0.2) {
        return Phone::Cn(format!(
            "1{}{:08}",
            rng.pick(&["38", "39", "58", "86", "35"]),
            rng.below(100_000_000)
        ));
    }
    match fam {
        "GB" => Phone::Gb(format!(
            "{:03}{:04}",
            100 + rng.below(900),
            rng.below(10000)
        )),
        "NL" => Phone::Nl(format!("{}{:06}", 2 + rng.below(7), rng.below(1_000_000))),
        area => Phone::Nanp(
            area.to_string(),
            format!("{}", 200 + rng.below(799)),
            format!("{:04}", rng.below(10000)),
        ),
    }
}

fn format_phone(rng: &mut Rng, p: &Phone) -> String {
    match p {
        Phone::Nanp(a, e, l) => match rng.below(8) {
            0 => format!("+1 {a}-{e}-{l}"),
            1 => format!("({a}) {e}-{l}"),
            2 => format!("{a}.{e}.{l}"),
            3 => format!("{a}{e}{l}"),
            4 => format!("1-{a}-{e}-{l}"),
            5 => format!("+1{a}{e}{l}"),
            6 => format!("{a} {e} {l}"),
            _ => format!("001 {a} {e} {l}"),
        },
        Phone::Gb(x) => {
            // London 020 7xxx xxxx.
            let (a, b) = x.split_at(3);
            match rng.below(6) {
                0 => format!("+44 20 7{a} {b}"),
                1 => format!("020 7{a} {b}"),
                2 => format!("0044 20 7{a} {b}"),
                3 => format!("+44207{a}{b}"),
                4 => format!("(020) 7{a} {b}"),
                _ => format!("020-7{a}-{b}"),
            }
        }
        Phone::Nl(x) => {
            let (a, b) = x.split_at(3);
            match rng.below(5) {
                0 => format!("+31 10 {a} {b}"),
                1 => format!("010 {a} {b}"),
                2 => format!("0031 10 {a}{b}"),
                3 => format!("+3110{a}{b}"),
                _ => format!("010-{a}{b}"),
            }
        }
        Phone::Cn(d) => {
            let (a, rest) = d.split_at(3);
            let (b, c) = rest.split_at(4);
            match rng.below(6) {
                0 => format!("+86 {a} {b} {c}"),
                1 => format!("0086 {a}{b}{c}"),
                2 => format!("+86-{a}-{b}-{c}"),
                3 => format!("+86{d}"),
                4 => format!("(+86) {a} {b} {c}"),
                _ => format!("0086-{a}-{b}-{c}"),
            }
        }
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn strip_marks(s: &str, rng: &mut Rng) -> String {
    // Apostrophes and umlauts are often dropped.
    let mut out = s.to_string();
    if rng.chance(0.4) {
        out = out.replace('\'', "");
    }
    if rng.chance(0.5) {
        out = out.replace('ü', "u");
    }
    out
}

/// Name elements of a Uyghur person (given name, father's name) or a Tibetan one (one or two).
#[derive(Clone)]
enum Elements {
    Uyghur(Vec<usize>),
    Tibetan(Vec<usize>),
}

/// A Uyghur or Tibetan name as a report might write it: in any of its scripts, the elements
/// always in the same order.
fn element_name(rng: &mut Rng, e: &Elements) -> String {
    match e {
        Elements::Uyghur(v) => {
            let u: Vec<_> = v.iter().map(|i| &UYGHUR[*i]).collect();
            let each =
                |f: &dyn Fn(&UyghurElement) -> String| u.iter().map(|x| f(x)).collect::<Vec<_>>();
            match rng.below(7) {
                0 => each(&|x| x.0.to_string()).join(" "),
                1 => each(&|x| x.0.to_uppercase()).join(" "),
                2 => each(&|x| x.1.to_string()).join(" "),
                3 => each(&|x| x.2.to_string()).join(" "),
                4 => {
                    let dot = *rng.pick(&["·", "·", "•", "．"]);
                    each(&|x| x.3.to_string()).join(dot)
                }
                5 => each(&|x| x.4.to_string()).join(" "),
                _ => {
                    let picks: Vec<usize> = u.iter().map(|x| rng.below(x.5.len() + 1)).collect();
                    u.iter()
                        .zip(picks)
                        .map(|(x, k)| x.5.get(k).copied().unwrap_or(x.0).to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                }
            }
        }
        Elements::Tibetan(v) => {
            let t: Vec<_> = v.iter().map(|i| &TIBETAN[*i]).collect();
            match rng.below(5) {
                0 => t.iter().map(|x| x.2).collect::<Vec<_>>().join(" "),
                1 => {
                    let tail = if rng.chance(0.5) { "་" } else { "" };
                    format!(
                        "{}{tail}",
                        t.iter().map(|x| x.1).collect::<Vec<_>>().join("་")
                    )
                }
                2 => t.iter().map(|x| x.0).collect::<Vec<_>>().join(" "),
                3 => t.iter().map(|x| x.3).collect::<String>(),
                _ => t.iter().map(|x| x.4).collect::<Vec<_>>().join(" "),
            }
        }
    }
}

/// Uyghur and Tibetan persons (issue 16), with their own generator: a quarter of the Uyghurs
/// have a namesake in the same city whose elements are the other way round (Adil Nurmemet and
/// Nurmemet Adil are two people), one in `hard_every` an exact namesake in the same city;
/// Tibetans have one or two elements (so namesakes are common). Labels `PU...` and `PT...`.
fn minority_persons(seed: u64, scale: &Scale, next_id: &mut usize, out: &mut Vec<Labelled>) {
    let mut rng = Rng::new(seed ^ 0x0016_0016);
    let mut persons: Vec<Person> = Vec::new();
    let mut n = 0usize;
    let mut person = |rng: &mut Rng, elements: Elements, city: usize| {
        n += 1;
        let label = match elements {
            Elements::Uyghur(_) => "PU",
            Elements::Tibetan(_) => "PT",
        };
        let mut phones = vec![phone_for_city(rng, city)];
        if rng.chance(0.1) {
            phones.push(phone_for_city(rng, city));
        }
        let email = rng
            .chance(0.35)
            .then(|| format!("person{n}.{seed}@example.net"));
        let wechat = rng
            .chance(0.2)
            .then(|| format!("wxid_m{n}x{}", rng.below(100)));
        Person {
            truth: format!("{label}{n:06}"),
            elements: Some(elements),
            surname: 0,
            given: Vec::new(),
            city,
            phones,
            email,
            wechat,
        }
    };
    let mut k = 0;
    while persons.len() < scale.minority {
        k += 1;
        let city = rng.below(CITIES.len());
        if rng.chance(0.6) {
            let a = rng.below(UYGHUR.len());
            let b = (a + 1 + rng.below(UYGHUR.len() - 1)) % UYGHUR.len();
            persons.push(person(&mut rng, Elements::Uyghur(vec![a, b]), city));
            if k % 4 == 1 {
                persons.push(person(&mut rng, Elements::Uyghur(vec![b, a]), city));
            } else if k % scale.hard_every.max(4) == 2 {
                persons.push(person(&mut rng, Elements::Uyghur(vec![a, b]), city));
            }
        } else {
            let a = rng.below(TIBETAN.len());
            let v = if rng.chance(0.7) {
                vec![a, (a + 1 + rng.below(TIBETAN.len() - 1)) % TIBETAN.len()]
            } else {
                vec![a]
            };
            persons.push(person(&mut rng, Elements::Tibetan(v), city));
        }
    }
    for p in &persons {
        person_records(&mut rng, p, next_id, out);
    }
}

/// A name variant of a person, as a report might write it.
fn person_name(rng: &mut Rng, p: &Person) -> String {
    if let Some(e) = &p.elements {
        return element_name(rng, e);
    }
    let s = SURNAMES[p.surname];
    let g: Vec<&(&str, &str, &str, &str, &str)> = p.given.iter().map(|i| &GIVEN[*i]).collect();
    match rng.below(10) {
        0 | 1 => format!("{}{}", s.0, g.iter().map(|x| x.0).collect::<String>()),
        2 => format!("{}{}", s.1, g.iter().map(|x| x.1).collect::<String>()),
        3 | 4 => {
            // Pinyin, given name run together.
            let given = cap(&g.iter().map(|x| x.2).collect::<String>());
            match rng.below(4) {
                0 => format!("{} {given}", s.2),
                1 => format!("{given} {}", s.2),
                2 => format!("{} {given}", s.2.to_uppercase()),
                _ => format!("{} {}", s.2.to_lowercase(), given.to_lowercase()),
            }
        }
        5 => {
            // Wade-Giles, hyphenated given name.
            let given = cap(&g.iter().map(|x| x.3).collect::<Vec<_>>().join("-"));
            let name = if rng.chance(0.7) {
                format!("{} {given}", s.3)
            } else {
                format!("{given} {}", s.3)
            };
            strip_marks(&name, rng)
        }
        _ => {
            // Hong Kong Cantonese.
            let parts: Vec<String> = g.iter().map(|x| cap(x.4)).collect();
            let given = match rng.below(3) {
                0 => parts.join(" "),
                1 => {
                    let mut v = parts.join("-");
                    if let Some(i) = v.find('-') {
                        let (a, b) = v.split_at(i + 1);
                        v = format!("{a}{}", b.to_lowercase());
                    }
                    v
                }
                _ => parts.join(" "),
            };
            match rng.below(4) {
                0 => format!("{} {given}", s.4),
                1 => format!("{given} {}", s.4),
                2 => format!("{}, {given}", s.4.to_uppercase()),
                _ => format!("{} {given}", s.4.to_uppercase()),
            }
        }
    }
}

struct Site {
    truth: String,
    city: usize,
    number: usize,
    street: usize,
    stype: usize,
    unit: Option<usize>,
    hometown: usize,
    body: usize,
    /// Branch number appended to the name (0: none).
    tag: usize,
    with_city_in_name: bool,
    phones: Vec<Phone>,
    email: Option<String>,
}

fn site_name(rng: &mut Rng, s: &Site) -> String {
    let (city_en, _, _) = city_name(s.city);
    let city_zh = if s.city < CITIES.len() {
        CITIES[s.city].1.to_string()
    } else {
        city_en.clone()
    };
    let (h_en, h_zh, h_zht) = HOMETOWNS[s.hometown];
    let (b_en, b_abbr, b_zh, b_zht) = BODIES[s.body];
    let prefix_en = if s.with_city_in_name {
        format!("{city_en} ")
    } else {
        String::new()
    };
    let prefix_zh = if s.with_city_in_name {
        city_zh.to_string()
    } else {
        String::new()
    };
    let tag = if s.tag > 0 {
        format!(" {}", s.tag)
    } else {
        String::new()
    };
    match rng.below(6) {
        0 | 1 => format!("{prefix_en}{h_en} {b_en}{tag}"),
        2 => format!("{prefix_en}{h_en} {b_abbr}{tag}"),
        3 => format!("{prefix_en}{h_en} {b_en}{tag}").to_uppercase(),
        4 => format!("{prefix_zh}{h_zh}{b_zh}{tag}"),
        _ => format!("{prefix_zh}{h_zht}{b_zht}{tag}"),
    }
}

fn site_address(rng: &mut Rng, s: &Site, with_city: bool) -> String {
    let street = STREETS[s.street];
    let (full, abbr) = STREET_TYPES[s.stype];
    let t = if rng.chance(0.5) { full } else { abbr };
    let n = s.number;
    let mut a = match s.unit {
        None => format!("{n} {street} {t}"),
        Some(u) => match rng.below(6) {
            0 => format!("{n} {street} {t}, Unit {u}"),
            1 => format!("Unit {u}, {n} {street} {t}"),
            2 => format!("{u}-{n} {street} {t}"),
            3 => format!("{n} {street} {t} #{u}"),
            4 => format!("{n} {street} {t}, Suite {u}"),
            _ => format!(
                "{n} {} {} UNIT {u}",
                street.to_uppercase(),
                t.to_uppercase()
            ),
        },
    };
    if with_city {
        let (city, _, _) = city_name(s.city);
        let prov = if s.city < CITIES.len() {
            CITIES[s.city].4
        } else {
            "ON"
        };
        if prov.is_empty() {
            let _ = write!(a, ", {city}");
        } else {
            let _ = write!(a, ", {city}, {prov}");
        }
    }
    a
}

/// Scale of a corpus.
pub struct Scale {
    pub persons: usize,
    pub sites: usize,
    pub orgs: usize,
    /// Extra synthetic cities (beyond the named ones) to spread a large corpus realistically.
    pub extra_cities: usize,
    /// One person in this many gets a namesake in the same city, one in this many a Cantonese
    /// namesake (王/黃 "Wong") in the same city, one in this many a namesake in another city.
    pub hard_every: usize,
    /// Uyghur and Tibetan persons (issue 16), besides `persons`.
    pub minority: usize,
}

impl Scale {
    /// The committed test corpus (about 900 records).
    pub fn corpus() -> Scale {
        Scale {
            persons: 190,
            sites: 55,
            orgs: 20,
            extra_cities: 0,
            hard_every: 16,
            minority: 40,
        }
    }
}

fn city_name(i: usize) -> (String, String, &'static str) {
    if i < CITIES.len() {
        (
            CITIES[i].0.to_string(),
            CITIES[i].2.to_string(),
            CITIES[i].3,
        )
    } else {
        (format!("Town {}", i - CITIES.len() + 1), "CA".into(), "416")
    }
}

/// Generates a labelled corpus.
pub fn generate(seed: u64, scale: &Scale) -> Vec<Labelled> {
    let mut rng = Rng::new(seed);
    let ncities = CITIES.len() + scale.extra_cities;
    let pick_city = |rng: &mut Rng| {
        if rng.chance(0.5) {
            rng.below(CITIES.len())
        } else {
            rng.below(ncities)
        }
    };
    let mut out = Vec::new();
    let mut next_id = 0usize;
    // --- persons ---
    let mut persons: Vec<Person> = Vec::new();
    let mut pi = 0usize;
    let new_person =
        |rng: &mut Rng, pi: &mut usize, surname: usize, given: Vec<usize>, city: usize| {
            *pi += 1;
            let mut phones = Vec::new();
            if rng.chance(0.75) {
                phones.push(phone_for_city(rng, city));
                if rng.chance(0.15) {
                    phones.push(phone_for_city(rng, city));
                }
            }
            let gp: String = given.iter().map(|g| GIVEN[*g].2).collect();
            if phones.is_empty() && rng.chance(0.5) {
                // Every person is known by at least one identifier (see `generate`).
                phones.push(phone_for_city(rng, city));
            }
            let email = (rng.chance(0.35) || phones.is_empty()).then(|| {
                format!(
                    "{gp}.{}{}@example.com",
                    SURNAMES[surname].2.to_lowercase(),
                    *pi
                )
            });
            let wechat = rng
                .chance(0.3)
                .then(|| format!("wxid_{}{}", gp, *pi * 7 + rng.below(7)));
            Person {
                truth: format!("P{:06}", *pi),
                elements: None,
                surname,
                given,
                city,
                phones,
                email,
                wechat,
            }
        };
    let mut i = 0;
    while persons.len() < scale.persons {
        i += 1;
        let surname = rng.below(SURNAMES.len());
        let ng = if rng.chance(0.75) { 2 } else { 1 };
        let given: Vec<usize> = (0..ng).map(|_| rng.below(GIVEN.len())).collect();
        let city = pick_city(&mut rng);
        let p = new_person(&mut rng, &mut pi, surname, given.clone(), city);
        persons.push(p);
        // Hard cases, now and then:
        let every = scale.hard_every.max(4);
        match i % every {
            // The same full name, another person, same city.
            1 => persons.push(new_person(&mut rng, &mut pi, surname, given.clone(), city)),
            // The same full name, another person, another city.
            x if x == every / 2 + 1 => {
                let other = (city + 1 + rng.below(CITIES.len() - 1)) % CITIES.len();
                persons.push(new_person(&mut rng, &mut pi, surname, given.clone(), other));
            }
            // A Cantonese collision in the same city: 王/黃/汪 Wong, 吳/伍 Ng.
            x if x == every / 4 + 1 => {
                let cant = SURNAMES[surname].4;
                let twins: Vec<usize> = (0..SURNAMES.len())
                    .filter(|s| *s != surname && SURNAMES[*s].4 == cant)
                    .collect();
                if let Some(&t) = twins.first() {
                    persons.push(new_person(&mut rng, &mut pi, t, given.clone(), city));
                } else {
                    let wong = [1usize, 2, 31];
                    let t = *rng.pick(&wong);
                    persons.push(new_person(&mut rng, &mut pi, t, given.clone(), city));
                }
            }
            _ => {}
        }
    }
    for p in &persons {
        person_records(&mut rng, p, &mut next_id, &mut out);
    }

    sites_and_orgs(&mut rng, scale, &mut next_id, &mut out);
    // Uyghur and Tibetan persons, from a generator of their own so that everything above is the
    // same as before they were added (issue 16).
    minority_persons(seed, scale, &mut next_id, &mut out);
    // Reports arrive in no particular order.
    for i in (1..out.len()).rev() {
        let j = rng.below(i + 1);
        out.swap(i, j);
    }
    out
}

/// The records of one person of [`generate`]: a detailed first one, then mentions and records
/// with some identifiers.
fn person_records(rng: &mut Rng, p: &Person, next_id: &mut usize, out: &mut Vec<Labelled>) {
    let (city_en, country, _) = city_name(p.city);
    let n = 1 + rng.below(5);
    for j in 0..n {
        let mut names = vec![person_name(rng, p)];
        if rng.chance(0.15) {
            names.push(person_name(rng, p));
        }
        // The first record of a person is a detailed one with every identifier; the others may
        // be mentions (name and city only) or give some identifiers.
        let full = j == 0;
        let mention = !full && rng.chance(0.35);
        let mut phones = Vec::new();
        let mut emails = Vec::new();
        let mut wechat = Vec::new();
        if !mention {
            for ph in &p.phones {
                if full || rng.chance(0.8) {
                    phones.push(format_phone(rng, ph));
                }
            }
            if let Some(e) = &p.email
                && (full || rng.chance(0.6))
            {
                emails.push(if rng.chance(0.3) {
                    format!(" {} ", e.to_uppercase())
                } else {
                    e.clone()
                });
            }
            if let Some(w) = &p.wechat
                && (full || rng.chance(0.6))
            {
                wechat.push(if rng.chance(0.3) {
                    w.to_uppercase()
                } else {
                    w.clone()
                });
            }
        }
        let city = if p.city < CITIES.len() && rng.chance(0.1) {
            CITIES[p.city].1.to_string()
        } else {
            city_en.clone()
        };
        *next_id += 1;
        let rid = format!("r{:06}", *next_id);
        let mut json = format!(
            "{{\"id\":{},\"kind\":\"person\",\"names\":{}",
            jstr(&rid),
            jlist(&names)
        );
        if !phones.is_empty() {
            let _ = write!(json, ",\"phones\":{}", jlist(&phones));
        }
        if !emails.is_empty() {
            let _ = write!(json, ",\"emails\":{}", jlist(&emails));
        }
        if !wechat.is_empty() {
            let _ = write!(json, ",\"wechat\":{}", jlist(&wechat));
        }
        let _ = write!(
            json,
            ",\"city\":{},\"country\":{}",
            jstr(&city),
            jstr(&country)
        );
        if rng.chance(0.1) {
            json.push_str(",\"source\":\"report\"");
        }
        json.push('}');
        out.push(Labelled {
            id: rid,
            json,
            truth: p.truth.clone(),
        });
    }
}

/// Sites and organisations (the same for every kind of corpus), appended to `out`.
fn sites_and_orgs(rng: &mut Rng, scale: &Scale, next_id: &mut usize, out: &mut Vec<Labelled>) {
    let ncities = CITIES.len() + scale.extra_cities;
    let pick_city = |rng: &mut Rng| {
        if rng.chance(0.5) {
            rng.below(CITIES.len())
        } else {
            rng.below(ncities)
        }
    };
    let mut id = |prefix: &str| {
        *next_id += 1;
        format!("{prefix}{:06}", *next_id)
    };
    // --- sites ---
    let mut sites: Vec<Site> = Vec::new();
    // Two different bodies with the same name in the same city are not generated: which one a
    // name-only mention means is unknowable.
    let mut names_used: std::collections::HashSet<(usize, usize, usize)> =
        std::collections::HashSet::new();
    let mut si = 0usize;
    let mut k = 0;
    let mut fails = 0;
    while sites.len() < scale.sites {
        k += 1;
        si += 1;
        let city = pick_city(rng);
        let mk_phones = |rng: &mut Rng| {
            if rng.chance(0.7) {
                vec![phone_for_city(rng, city)]
            } else {
                Vec::new()
            }
        };
        let (hometown, body) = (rng.below(HOMETOWNS.len()), rng.below(BODIES.len()));
        let mut tag = 0;
        if !names_used.insert((city, hometown, body)) {
            // Large corpora run out of names: number the branches instead of retrying forever.
            fails += 1;
            if fails < 50 {
                si -= 1;
                continue;
            }
            tag = si;
        }
        fails = 0;
        let s = Site {
            truth: format!("S{si:06}"),
            city,
            number: 10 + rng.below(3000),
            street: rng.below(STREETS.len()),
            stype: rng.below(STREET_TYPES.len()),
            unit: rng.chance(0.6).then(|| 1 + rng.below(300)),
            hometown,
            body,
            tag,
            with_city_in_name: rng.chance(0.5),
            phones: mk_phones(rng),
            email: rng
                .chance(0.3)
                .then(|| format!("info{}@assoc{}.org", rng.below(1000), rng.below(1000))),
        };
        let (number, street, stype, hometown, body, unit) =
            (s.number, s.street, s.stype, s.hometown, s.body, s.unit);
        sites.push(s);
        match k % 4 {
            // A different site a few doors away on the same street.
            1 if names_used.insert((
                city,
                (hometown + 1) % HOMETOWNS.len(),
                (body + 1) % BODIES.len(),
            )) =>
            {
                si += 1;
                sites.push(Site {
                    truth: format!("S{si:06}"),
                    city,
                    number: number + 2 + 2 * rng.below(3),
                    street,
                    stype,
                    unit,
                    hometown: (hometown + 1) % HOMETOWNS.len(),
                    body: (body + 1) % BODIES.len(),
                    tag,
                    with_city_in_name: false,
                    phones: mk_phones(rng),
                    email: None,
                });
            }
            // The same association name in another city.
            3 => {
                let other = (city + 1 + rng.below(CITIES.len() - 1)) % CITIES.len();
                if !names_used.insert((other, hometown, body)) {
                    continue;
                }
                si += 1;
                sites.push(Site {
                    truth: format!("S{si:06}"),
                    city: other,
                    number: 10 + rng.below(3000),
                    street: rng.below(STREETS.len()),
                    stype: rng.below(STREET_TYPES.len()),
                    unit: rng.chance(0.5).then(|| 1 + rng.below(300)),
                    hometown,
                    body,
                    tag,
                    with_city_in_name: false,
                    phones: vec![phone_for_city(rng, other)],
                    email: None,
                });
            }
            _ => {}
        }
    }
    for s in &sites {
        let (city_en, country, _) = city_name(s.city);
        let n = 1 + rng.below(4);
        for j in 0..n {
            let names = vec![site_name(rng, s)];
            let mut addresses = Vec::new();
            let mut phones = Vec::new();
            let mut emails = Vec::new();
            // Every site record says where it is, or gives a phone; a few only a name and city.
            let roll = rng.below(10);
            if roll < 7 || j == 0 {
                let with_city = rng.chance(0.3);
                addresses.push(site_address(rng, s, with_city));
            }
            if roll >= 5 || addresses.is_empty() {
                for ph in &s.phones {
                    phones.push(format_phone(rng, ph));
                }
            }
            if let Some(e) = &s.email
                && (rng.chance(0.4))
            {
                emails.push(e.clone());
            }
            let rid = id("r");
            let mut json = format!(
                "{{\"id\":{},\"kind\":\"site\",\"names\":{}",
                jstr(&rid),
                jlist(&names)
            );
            for (field, v) in [
                ("addresses", &addresses),
                ("phones", &phones),
                ("emails", &emails),
            ] {
                if !v.is_empty() {
                    let _ = write!(json, ",\"{field}\":{}", jlist(v));
                }
            }
            let _ = write!(
                json,
                ",\"city\":{},\"country\":{}}}",
                jstr(&city_en),
                jstr(&country)
            );
            out.push(Labelled {
                id: rid,
                json,
                truth: s.truth.clone(),
            });
        }
    }

    // --- organisations ---
    for o in 0..scale.orgs {
        let city = pick_city(rng);
        let (city_en, country, _) = city_name(city);
        let hometown = HOMETOWNS[o % HOMETOWNS.len()];
        let body = BODIES[(o / HOMETOWNS.len() + o) % BODIES.len()];
        let email = format!(
            "contact{}@{}-{}.org",
            rng.below(1000),
            hometown.0.to_lowercase(),
            o
        );
        let truth = format!("O{:06}", o + 1);
        for _ in 0..1 + rng.below(3) {
            let mut name = match rng.below(3) {
                0 => format!("{} {}", hometown.0, body.0),
                1 => format!("{} {}", hometown.0, body.1),
                _ => format!("{}{}", hometown.1, body.2),
            };
            // Past the 60 names, large corpora number the branches (two different bodies with
            // one name in one city cannot be told apart, as for sites).
            if o >= HOMETOWNS.len() * BODIES.len() {
                name = format!("{name} {}", o / (HOMETOWNS.len() * BODIES.len()));
            }
            let rid = id("r");
            let mut json = format!(
                "{{\"id\":{},\"kind\":\"organization\",\"names\":{}",
                jstr(&rid),
                jlist(&[name])
            );
            if rng.chance(0.6) {
                let _ = write!(json, ",\"emails\":{}", jlist(std::slice::from_ref(&email)));
            }
            let _ = write!(
                json,
                ",\"city\":{},\"country\":{}}}",
                jstr(&city_en),
                jstr(&country)
            );
            out.push(Labelled {
                id: rid,
                json,
                truth: truth.clone(),
            });
        }
    }
}

/// Pairwise precision and recall of predicted entities against true ones (same order).
pub fn pairwise(predicted: &[String], truth: &[String]) -> (f64, f64, f64, u64, u64, u64) {
    use std::collections::HashMap;
    let mut cells: HashMap<(&str, &str), u64> = HashMap::new();
    let mut pred: HashMap<&str, u64> = HashMap::new();
    let mut tru: HashMap<&str, u64> = HashMap::new();
    assert_eq!(
        predicted.len(),
        truth.len(),
        "every record is scored, none dropped by the zip below"
    );
    for (p, t) in predicted.iter().zip(truth) {
        *cells.entry((p, t)).or_default() += 1;
        *pred.entry(p).or_default() += 1;
        *tru.entry(t).or_default() += 1;
    }
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let tp: u64 = cells.values().map(|n| pairs(*n)).sum();
    let pp: u64 = pred.values().map(|n| pairs(*n)).sum();
    let tt: u64 = tru.values().map(|n| pairs(*n)).sum();
    let precision = if pp == 0 { 1.0 } else { tp as f64 / pp as f64 };
    let recall = if tt == 0 { 1.0 } else { tp as f64 / tt as f64 };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1, tp, pp, tt)
}

/// Exponent of the Zipf law of given-name characters in [`realistic`].
pub const GIVEN_ZIPF: f64 = 1.3;

/// Real-scale corpus (issue 15): a diaspora where most full names are shared.
///
/// About `records * 3 / 10` people (300 000 for a million records), 78 % of the records about
/// persons, the rest sites and organisations as in [`generate`]. What makes it realistic, and
/// hard:
///
/// - **Names are drawn by frequency, not uniformly**: surnames with weights close to their real
///   frequency among Chinese people (王, 李, 张, 刘, 陈 about 5 to 7 % each; 欧阳 and 区 rare),
///   given-name characters with Zipf weights (伟 the most common), one syllable for a quarter of
///   the people. So most people share their full name with someone, and many with someone in
///   their own city (the example `xref_corpus realistic` prints how many).
/// - **Cities are dense**: the eight named cities hold 60 % of the people (Toronto alone 12 %);
///   the rest live in `people / 1000` smaller towns.
/// - **Identifiers are a person's own** (phones, WeChat IDs and e-mails are never shared between
///   two people), but **each report knows only some of them**: a record that is not a mention
///   carries each of the person's identifiers with probability one half (at least one), so one
///   person's records often form two or three groups with no identifier in common (a Canadian
///   phone in one report, a Chinese phone and an e-mail in another).
/// - **Mentions**: after a person's first record, 30 % of the records carry only a name and a
///   city.
/// - Every name variant of [`generate`] (simplified, traditional, pinyin, Wade-Giles, Hong Kong
///   Cantonese, surname first or last, upper case), plus a Western given name for one person in
///   twenty (`Peter CHAN Tai Man`); cities in English or Chinese; sites and organisations as in
///   [`generate`] (different sites a few doors apart on the same street).
///
/// Every person has at least one identifier: a person known only by name, who shares that name
/// with an identified person in the same city, cannot be told apart by anyone (docs/xref.md).
pub fn realistic(seed: u64, records: usize) -> Vec<Labelled> {
    realistic_with_sharing(seed, records).0
}

/// How shared the names of a realistic corpus are: people, people who share their full name
/// (the same characters) with someone else, and with someone else in their own city.
#[derive(Debug, Clone, Copy)]
pub struct Sharing {
    pub people: usize,
    pub shared: usize,
    pub shared_in_city: usize,
}

/// [`realistic`], and how shared its names are.
pub fn realistic_with_sharing(seed: u64, records: usize) -> (Vec<Labelled>, Sharing) {
    let mut names: std::collections::HashMap<(usize, Vec<usize>), usize> = Default::default();
    let mut in_city: std::collections::HashMap<(usize, Vec<usize>, usize), usize> =
        Default::default();
    let mut rng = Rng::new(seed ^ 0x5EA1_15C0);
    let people = (records * 3 / 10).max(10);
    let towns = (people / 1000).max(1);
    // Real frequencies (per mille, rounded) of the surnames of `SURNAMES`, in its order.
    const SURNAME_WEIGHT: [u32; 35] = [
        45, 71, 23, 70, 68, 54, 31, 21, 2, 17, 10, 11, 11, 8, 6, 5, 6, 9, 9, 12, 13, 11, 10, 4, 15,
        15, 5, 5, 4, 4, 4, 3, 1, 1, 1,
    ];
    let surname_cdf = cdf(&SURNAME_WEIGHT.map(f64::from));
    // Zipf weights for given-name characters, in the order of `GIVEN`.
    let given_weights: Vec<f64> = (0..GIVEN.len())
        .map(|i| (i as f64 + 1.0).powf(-GIVEN_ZIPF))
        .collect();
    let given_cdf = cdf(&given_weights);
    // The eight named cities: 60 % of the people.
    let city_cdf = cdf(&[0.2, 0.12, 0.08, 0.08, 0.16, 0.12, 0.14, 0.1]);
    const WESTERN: &[&str] = &[
        "Peter", "David", "Mary", "Amy", "Kevin", "Jenny", "Michael", "Grace", "Tony", "Alice",
    ];
    let mut out = Vec::new();
    let mut next_id = 0usize;
    let person_records = records * 80 / 100;
    let mut pi = 0usize;
    while out.len() < person_records {
        pi += 1;
        let surname = draw(&mut rng, &surname_cdf);
        let ng = if rng.chance(0.75) { 2 } else { 1 };
        let given: Vec<usize> = (0..ng).map(|_| draw(&mut rng, &given_cdf)).collect();
        let city = if rng.chance(0.6) {
            draw(&mut rng, &city_cdf)
        } else {
            CITIES.len() + rng.below(towns)
        };
        // Identifiers, unique to this person: numbers come from a bijection of the person's
        // number, so two people never share one.
        let mut phones = Vec::new();
        if rng.chance(0.7) {
            phones.push(unique_local_phone(city, pi));
        }
        if rng.chance(0.35) {
            let x = (pi as u64 * 7919 + seed) % 100_000_000;
            phones.push(Phone::Cn(format!(
                "1{}{x:08}",
                ["38", "39", "58", "86", "35"][pi % 5]
            )));
        }
        let gp: String = given.iter().map(|g| GIVEN[*g].2).collect();
        let mut email = rng.chance(0.45).then(|| {
            format!(
                "{gp}.{}{pi}@example.com",
                SURNAMES[surname].2.to_lowercase()
            )
        });
        let wechat = rng.chance(0.4).then(|| format!("wxid_{gp}{pi}"));
        if phones.is_empty() && email.is_none() && wechat.is_none() {
            email = Some(format!("{gp}{pi}@example.org"));
        }
        *names.entry((surname, given.clone())).or_default() += 1;
        *in_city.entry((surname, given.clone(), city)).or_default() += 1;
        let p = Person {
            truth: format!("P{pi:07}"),
            elements: None,
            surname,
            given,
            city,
            phones,
            email,
            wechat,
        };
        let western = rng.chance(0.05).then(|| *rng.pick(WESTERN));
        let (city_en, country, _) = city_name(p.city);
        // 1 + a geometric number of further records: 2.6 on average.
        let mut n = 1;
        while n < 30 && rng.chance(0.615) {
            n += 1;
        }
        for j in 0..n {
            let mut names = vec![person_name(&mut rng, &p)];
            if rng.chance(0.1) {
                names.push(person_name(&mut rng, &p));
            }
            if let Some(w) = western {
                for name in &mut names {
                    if !has_han_text(name) && rng.chance(0.5) {
                        *name = format!("{w} {name}");
                    }
                }
            }
            let mention = j > 0 && rng.chance(0.3);
            let (mut phones, mut emails, mut wechat) = (Vec::new(), Vec::new(), Vec::new());
            if !mention {
                // Each identifier with probability one half, at least one.
                let mut ids: Vec<u8> = Vec::new();
                ids.extend(0..p.phones.len() as u8);
                if p.email.is_some() {
                    ids.push(100);
                }
                if p.wechat.is_some() {
                    ids.push(101);
                }
                let mut chosen: Vec<u8> = ids.iter().copied().filter(|_| rng.chance(0.5)).collect();
                if chosen.is_empty() {
                    chosen.push(*rng.pick(&ids));
                }
                for c in chosen {
                    match c {
                        100 => emails.extend(p.email.clone()),
                        101 => wechat.extend(p.wechat.clone()),
                        i => phones.push(format_phone(&mut rng, &p.phones[usize::from(i)])),
                    }
                }
            }
            let city = if p.city < CITIES.len() && rng.chance(0.1) {
                CITIES[p.city].1.to_string()
            } else {
                city_en.clone()
            };
            next_id += 1;
            let rid = format!("r{next_id:07}");
            let mut json = format!(
                "{{\"id\":{},\"kind\":\"person\",\"names\":{}",
                jstr(&rid),
                jlist(&names)
            );
            for (field, v) in [
                ("phones", &phones),
                ("emails", &emails),
                ("wechat", &wechat),
            ] {
                if !v.is_empty() {
                    let _ = write!(json, ",\"{field}\":{}", jlist(v));
                }
            }
            let _ = write!(
                json,
                ",\"city\":{},\"country\":{}}}",
                jstr(&city),
                jstr(&country)
            );
            out.push(Labelled {
                id: rid,
                json,
                truth: p.truth.clone(),
            });
        }
    }
    let scale = Scale {
        persons: 0,
        sites: records / 14,
        orgs: records / 50,
        extra_cities: towns,
        hard_every: 16,
        minority: 0,
    };
    sites_and_orgs(&mut rng, &scale, &mut next_id, &mut out);
    for i in (1..out.len()).rev() {
        let j = rng.below(i + 1);
        out.swap(i, j);
    }
    out.truncate(records);
    let sharing = Sharing {
        people: pi,
        shared: names.values().filter(|n| **n > 1).sum(),
        shared_in_city: in_city.values().filter(|n| **n > 1).sum(),
    };
    (out, sharing)
}

/// A local phone of a city, unique to person `pi`.
fn unique_local_phone(city: usize, pi: usize) -> Phone {
    let fam = CITIES.get(city).map_or("416", |c| c.3);
    let pi = pi as u64;
    match fam {
        "GB" => {
            let x = (pi * 7919) % 10_000_000;
            Phone::Gb(format!("{x:07}"))
        }
        "NL" => {
            let x = (pi * 7919) % 7_000_000;
            Phone::Nl(format!("{}{:06}", 2 + x / 1_000_000, x % 1_000_000))
        }
        area => {
            // Towns share area code 416 with Toronto: offset them so numbers stay unique.
            let x = (pi * 7919 + if city >= CITIES.len() { 3_995_000 } else { 0 }) % 7_990_000;
            Phone::Nanp(
                area.to_string(),
                format!("{}", 200 + x / 10_000),
                format!("{:04}", x % 10_000),
            )
        }
    }
}

fn has_han_text(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Cumulative weights, normalised.
fn cdf(weights: &[f64]) -> Vec<f64> {
    let total: f64 = weights.iter().sum();
    let mut acc = 0.0;
    weights
        .iter()
        .map(|w| {
            acc += w / total;
            acc
        })
        .collect()
}

fn draw(rng: &mut Rng, cdf: &[f64]) -> usize {
    let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
    cdf.partition_point(|c| *c < u).min(cdf.len() - 1)
}
