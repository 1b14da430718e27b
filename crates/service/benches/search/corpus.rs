//! A deterministic corpus of report text for the search benchmark: narratives, people,
//! places, files, messages both ways and notes, in the reporting line's languages (simplified
//! and traditional Chinese, English, French, Uyghur and Tibetan), built from sentences of the
//! kind reporters write, with names, cities, phone numbers and WeChat IDs drawn from pools
//! large enough that a name is rare and a city common.

#![allow(dead_code)]

/// A tiny deterministic generator (the figures must not depend on a random seed).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

pub const SURNAMES: [(&str, &str, &str); 24] = [
    ("陈", "陳", "Chen"),
    ("林", "林", "Lin"),
    ("王", "王", "Wang"),
    ("黄", "黃", "Huang"),
    ("张", "張", "Zhang"),
    ("李", "李", "Li"),
    ("吴", "吳", "Wu"),
    ("郑", "鄭", "Zheng"),
    ("刘", "劉", "Liu"),
    ("杨", "楊", "Yang"),
    ("赵", "趙", "Zhao"),
    ("周", "周", "Zhou"),
    ("徐", "徐", "Xu"),
    ("孙", "孫", "Sun"),
    ("马", "馬", "Ma"),
    ("朱", "朱", "Zhu"),
    ("胡", "胡", "Hu"),
    ("郭", "郭", "Guo"),
    ("何", "何", "He"),
    ("高", "高", "Gao"),
    ("罗", "羅", "Luo"),
    ("梁", "梁", "Liang"),
    ("宋", "宋", "Song"),
    ("谢", "謝", "Xie"),
];

pub const GIVEN: [(&str, &str, &str); 20] = [
    ("伟", "偉", "Wei"),
    ("芳", "芳", "Fang"),
    ("志明", "志明", "Zhiming"),
    ("静", "靜", "Jing"),
    ("建国", "建國", "Jianguo"),
    ("丽华", "麗華", "Lihua"),
    ("军", "軍", "Jun"),
    ("海燕", "海燕", "Haiyan"),
    ("国平", "國平", "Guoping"),
    ("晓东", "曉東", "Xiaodong"),
    ("春梅", "春梅", "Chunmei"),
    ("文博", "文博", "Wenbo"),
    ("志华", "志華", "Zhihua"),
    ("秀英", "秀英", "Xiuying"),
    ("俊杰", "俊傑", "Junjie"),
    ("婷婷", "婷婷", "Tingting"),
    ("鹏", "鵬", "Peng"),
    ("斌", "斌", "Bin"),
    ("磊", "磊", "Lei"),
    ("敏", "敏", "Min"),
];

pub const CITIES: [(&str, &str, &str); 12] = [
    ("鹿特丹", "鹿特丹", "Rotterdam"),
    ("阿姆斯特丹", "阿姆斯特丹", "Amsterdam"),
    ("多伦多", "多倫多", "Toronto"),
    ("温哥华", "溫哥華", "Vancouver"),
    ("伦敦", "倫敦", "London"),
    ("米兰", "米蘭", "Milan"),
    ("普拉托", "普拉托", "Prato"),
    ("巴黎", "巴黎", "Paris"),
    ("马德里", "馬德里", "Madrid"),
    ("纽约", "紐約", "New York"),
    ("都柏林", "都柏林", "Dublin"),
    ("布拉格", "布拉格", "Prague"),
];

pub const ORGS: [(&str, &str, &str); 8] = [
    ("福州同乡会", "福州同鄉會", "Fuzhou hometown association"),
    ("青田同乡会", "青田同鄉會", "Qingtian association"),
    (
        "华侨服务中心",
        "華僑服務中心",
        "Overseas Chinese service centre",
    ),
    (
        "和平统一促进会",
        "和平統一促進會",
        "Council for peaceful reunification",
    ),
    ("华人商会", "華人商會", "Chinese chamber of commerce"),
    ("警侨服务站", "警僑服務站", "police liaison station"),
    (
        "文化交流协会",
        "文化交流協會",
        "cultural exchange association",
    ),
    ("老乡会", "老鄉會", "fellow-townsmen club"),
];

const SIMPLIFIED: [&str; 18] = [
    "{name}自称是{org}的人，在{city}的一家餐馆里约我见面。",
    "他们说如果我不回国，我父母的退休金会有问题。",
    "我妈妈打电话说派出所的人去了我们家三次。",
    "{name}在微信上加我，微信号是{wechat}，一开始只是聊家常。",
    "后来他问我在{city}做什么工作，住在哪里，和谁来往。",
    "服务站的人让我填一张表，写上护照号码和家里的地址。",
    "他们知道我参加过抗议活动，还给我看了照片。",
    "有人用号码{phone}给我打电话，说是国内警察。",
    "我弟弟在老家被叫去喝茶，问的都是我的事情。",
    "他们要求我劝我的朋友回国自首。",
    "那个地方外面挂着{org}的牌子，里面有穿制服的人。",
    "我没有报警，因为我担心签证的问题。",
    "上个月{name}又来了，开一辆白色面包车，在楼下等了很久。",
    "他说只要我回去，一切都可以商量，不会有事。",
    "我把聊天记录都截图保存了，可以提供。",
    "我的邻居也被问过同样的问题。",
    "他们让我每周汇报一次当地华人的情况。",
    "我很害怕，晚上睡不着觉。",
];

const TRADITIONAL: [&str; 14] = [
    "{name}說他是{org}的負責人，在{city}的辦公室約我見面。",
    "他們說如果我不回國，我父母會被找麻煩。",
    "我媽媽打電話說派出所的人來過家裡好幾次。",
    "{name}在微信上加我，微信號是{wechat}。",
    "服務站的人要我登記護照號碼和家裡的地址。",
    "有人用號碼{phone}打電話給我，自稱是國內的警察。",
    "他們知道我參加過集會，還拿照片給我看。",
    "我弟弟在老家被叫去喝茶，問的都是我的事。",
    "那個地方外面掛著{org}的牌子。",
    "我沒有報警，因為擔心簽證的問題。",
    "他說只要我回去，一切都好商量。",
    "我把聊天記錄都截圖保存了。",
    "他們要我每個禮拜報告一次當地華人的情況。",
    "我很害怕，晚上睡不著。",
];

const ENGLISH: [&str; 16] = [
    "A man who called himself {name} from the {org} asked to meet me at a restaurant in {city}.",
    "They said my parents would lose their pension if I did not go back.",
    "My mother called to say the local police had visited our home three times.",
    "{name} added me on WeChat ({wechat}) and at first only made small talk.",
    "Later he asked where I work in {city}, where I live and who my friends are.",
    "At the station they wanted me to fill in a form with my passport number.",
    "Someone called me from {phone} and said he was a police officer in China.",
    "They showed me photographs of me at the protest.",
    "My brother was invited to drink tea with the police and they only asked about me.",
    "They wanted me to persuade a friend to return and turn himself in.",
    "The office has a sign of the {org} outside and people in uniform inside.",
    "I did not report it to the police because I was worried about my visa.",
    "Last month {name} came back in a white van and waited downstairs for hours.",
    "I kept screenshots of every conversation and can send them.",
    "My neighbour was asked the same questions.",
    "I am frightened and cannot sleep.",
];

const FRENCH: [&str; 14] = [
    "Un homme qui se présentait comme {name}, de l'{org}, m'a donné rendez-vous dans un restaurant à {city}.",
    "Ils ont dit que mes parents perdraient leur retraite si je ne rentrais pas.",
    "Ma mère m'a appelé : la police est venue trois fois à la maison.",
    "{name} m'a ajouté sur WeChat ({wechat}) et a d'abord parlé de la famille.",
    "Ensuite il m'a demandé où je travaille à {city} et qui je fréquente.",
    "Au poste, on m'a demandé de remplir un formulaire avec mon numéro de passeport.",
    "Quelqu'un m'a appelé du {phone} en se présentant comme policier chinois.",
    "Ils m'ont montré des photos de moi à la manifestation devant l'ambassade.",
    "Mon frère a été convoqué au commissariat, on ne l'a interrogé que sur moi.",
    "Je n'ai pas porté plainte car j'avais peur pour mon titre de séjour.",
    "Le mois dernier, {name} est revenu dans une camionnette blanche.",
    "J'ai gardé des captures d'écran de toutes les conversations.",
    "Mon voisin a reçu les mêmes questions à la préfecture.",
    "J'ai peur et je n'arrive plus à dormir.",
];

const UYGHUR: [&str; 6] = [
    "ساقچىخانىدىن تېلېفون كەلدى، ئاتا-ئانامنى سورىدى.",
    "{name} مېنى {city} دىكى بىر ئاشخانىدا كۆرۈشۈشكە چاقىردى.",
    "ئۇلار مېنى قايتىپ كېلىشكە زورلىدى.",
    "ئىنىم ساقچىخانىغا چاقىرىلدى.",
    "مەن بەك قورقىمەن.",
    "ئۇلار مېنىڭ پاسپورت نومۇرۇمنى سورىدى.",
];

const TIBETAN: [&str; 5] = [
    "ང་ཚོའི་ཕ་མ་ལ་ཉེན་བརྡ་བཏང་སོང་།",
    "{name} ཁོང་གིས་ང་ལ་ཁ་པར་བཏང་བྱུང་།",
    "ཁོ་ཚོས་ང་ཕྱིར་ལོག་དགོས་ཟེར།",
    "ང་ལ་སྐྲག་སྣང་ཆེན་པོ་འདུག",
    "ཁོ་ཚོས་ངའི་ལག་ཁྱེར་ཨང་གྲངས་དྲིས་སོང་།",
];

const QUESTIONS: [&str; 6] = [
    "Can you tell us more about the man who called you?",
    "您还记得那辆车的车牌号吗？",
    "您記得服務站的具體地址嗎？",
    "Pouvez-vous nous envoyer les captures d'écran ?",
    "When did this first happen?",
    "他们有没有提到您家人的名字？",
];

const ANSWERS: [&str; 6] = [
    "车牌是浙C开头的，后面的我没看清。",
    "It was in March, after the New Year party at the association.",
    "地址在車站附近，二樓，門口沒有招牌。",
    "Oui, je les envoie avec ce message.",
    "他们提到了我舅舅的名字，还有他在温州的工厂。",
    "He came with another man who did not speak.",
];

const NOTES: [&str; 5] = [
    "Same phone number as in two earlier reports: check with the Rotterdam team.",
    "与鹿特丹的报告相似，可能是同一个人。",
    "Vérifier l'adresse auprès de l'association régionale.",
    "Reporter asked not to be contacted by phone.",
    "Possible link to the Prato site; ask for photographs.",
];

const FILES: [&str; 8] = [
    "聊天记录.png",
    "screenshot_wechat.jpg",
    "photo-van.jpg",
    "通話錄音.m4a",
    "convocation_commissariat.pdf",
    "IMG_2041.HEIC",
    "form they gave me.pdf",
    "服务站门口.jpg",
];

/// Which script a report is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Simplified,
    Traditional,
    English,
    French,
    Uyghur,
    Tibetan,
}

impl Script {
    pub fn language(self) -> &'static str {
        match self {
            Script::Simplified => "zh-Hans",
            Script::Traditional => "zh-Hant",
            Script::English => "en",
            Script::French => "fr",
            Script::Uyghur => "ug",
            Script::Tibetan => "bo",
        }
    }
}

/// One report's text.
pub struct ReportText {
    pub script: Script,
    pub narrative: String,
    pub person_names: String,
    pub person_phone: String,
    pub person_wechat: String,
    pub person_description: String,
    pub city: String,
    pub place_name: String,
    pub place_address: String,
    pub org_name: String,
    pub files: Vec<String>,
    /// (from the reporter, text) in order.
    pub messages: Vec<(bool, String)>,
    pub notes: Vec<String>,
}

/// The `i`th report of the corpus (the same `i`, the same text).
pub fn report(i: usize) -> ReportText {
    let mut rng = Lcg(0x5eed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    rng.next();
    let script = match rng.below(100) {
        0..35 => Script::Simplified,
        35..50 => Script::Traditional,
        50..75 => Script::English,
        75..90 => Script::French,
        90..95 => Script::Uyghur,
        _ => Script::Tibetan,
    };
    let (s, t, latin) = SURNAMES[rng.below(SURNAMES.len())];
    let (gs, gt, glatin) = GIVEN[rng.below(GIVEN.len())];
    let name = match script {
        Script::Simplified => format!("{s}{gs}"),
        Script::Traditional => format!("{t}{gt}"),
        _ => format!("{latin} {glatin}"),
    };
    let (cs, ct, clatin) = CITIES[rng.below(CITIES.len())];
    let city = match script {
        Script::Simplified => cs,
        Script::Traditional => ct,
        _ => clatin,
    };
    let (os, ot, olatin) = ORGS[rng.below(ORGS.len())];
    let org = match script {
        Script::Simplified => os,
        Script::Traditional => ot,
        _ => olatin,
    };
    let phone = format!(
        "+31 6 {:04} {:04}",
        1000 + rng.below(9000),
        rng.below(10_000)
    );
    let wechat = format!("wxid_{}_{}", latin.to_lowercase(), rng.below(100_000));
    let bank: &[&str] = match script {
        Script::Simplified => &SIMPLIFIED,
        Script::Traditional => &TRADITIONAL,
        Script::English => &ENGLISH,
        Script::French => &FRENCH,
        Script::Uyghur => &UYGHUR,
        Script::Tibetan => &TIBETAN,
    };
    let sentences = 3 + rng.below(10);
    let mut narrative = String::new();
    for _ in 0..sentences {
        let sentence = rng
            .pick(bank)
            .replace("{name}", &name)
            .replace("{city}", city)
            .replace("{org}", org)
            .replace("{phone}", &phone)
            .replace("{wechat}", &wechat);
        if !narrative.is_empty() && matches!(script, Script::English | Script::French) {
            narrative.push(' ');
        }
        narrative.push_str(&sentence);
    }
    let files = (0..rng.below(3))
        .map(|_| rng.pick(&FILES).to_owned())
        .collect();
    let mut messages = Vec::new();
    if rng.below(2) == 0 {
        for turn in 0..1 + rng.below(3) {
            let from_reporter = turn % 2 == 1;
            let text = if from_reporter {
                rng.pick(&ANSWERS)
            } else {
                rng.pick(&QUESTIONS)
            };
            messages.push((from_reporter, text.to_owned()));
        }
    }
    let notes = if rng.below(5) == 0 {
        vec![rng.pick(&NOTES).to_owned()]
    } else {
        Vec::new()
    };
    ReportText {
        script,
        narrative,
        person_description: match script {
            Script::Simplified => "四十多岁，戴眼镜，说福州话".into(),
            Script::Traditional => "四十多歲，戴眼鏡，說福州話".into(),
            Script::French => "la quarantaine, lunettes, accent du Fujian".into(),
            _ => "in his forties, glasses, Fuzhou accent".into(),
        },
        person_names: name,
        person_phone: phone,
        person_wechat: wechat,
        city: clatin.to_owned(),
        place_name: org.to_owned(),
        place_address: format!("{} Main Street\n{}", 1 + rng.below(300), clatin),
        org_name: org.to_owned(),
        files,
        messages,
        notes,
    }
}

/// The queries whose latency is measured: common and rare words in every script, traditional
/// against simplified, accents left out, phrases, phone fragments, several parts, a single
/// character, and words found nowhere.
pub const QUERIES: [&str; 40] = [
    "服务站",
    "服務站",
    "派出所",
    "警察",
    "陈志明",
    "陳志明",
    "林海燕",
    "白色面包车",
    "退休金",
    "护照号码",
    "喝茶",
    "福州同乡会",
    "和平統一促進會",
    "陈",
    "多伦多 服务站",
    "鹿特丹 微信",
    "police",
    "passport",
    "\"white van\"",
    "Zhang Wei",
    "Rotterdam",
    "screenshots",
    "chinese chamber of commerce",
    "prefecture",
    "convoque",
    "préfecture",
    "Commissariat",
    "titre de sejour",
    "camionnette blanche",
    "+31 6",
    "wxid_chen",
    "Main Street",
    "photo-van.jpg",
    "聊天记录",
    "ساقچىخانىغا",
    "ཁ་པར",
    "Vérifier adresse",
    "nothing-matches-this",
    "不存在的词语",
    "pension parents",
];
