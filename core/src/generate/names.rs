//! The names generated data is made of, per locale: German-speaking Europe (the default), Thai
//! and Chinese shops, people and products, composed from word lists the way real names are
//! (Thai ร้าน + trade + brand + town, บริษัท ... จำกัด; Chinese city + brand + trade +
//! 有限公司), and a mix of the two.

use std::str::FromStr;

use rand::Rng;
use rand::rngs::StdRng;
use serde::Serialize;

use crate::error::{Error, Result};

/// Which names the generated accounts, contacts and products have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// German-speaking Europe and its neighbours, Latin script (the default).
    #[default]
    De,
    /// Thailand: Thai script, written without spaces between words.
    Th,
    /// China: simplified Chinese, written without spaces.
    Zh,
    /// Thai and Chinese names, about half each.
    Mixed,
}

impl Locale {
    pub const ALL: &'static [Locale] = &[Locale::De, Locale::Th, Locale::Zh, Locale::Mixed];

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::De => "de",
            Locale::Th => "th",
            Locale::Zh => "zh",
            Locale::Mixed => "mixed",
        }
    }

    /// The language of the next record: the locale's own, or for `Mixed` Thai or Chinese at
    /// random. Draws from `rng` only for `Mixed`, so the other locales' data stay as they were.
    pub(super) fn lang(self, rng: &mut StdRng) -> Lang {
        match self {
            Locale::De => Lang::De,
            Locale::Th => Lang::Th,
            Locale::Zh => Lang::Zh,
            Locale::Mixed => {
                if rng.random_bool(0.5) {
                    Lang::Th
                } else {
                    Lang::Zh
                }
            }
        }
    }
}

impl FromStr for Locale {
    type Err = Error;

    fn from_str(s: &str) -> Result<Locale> {
        Locale::ALL
            .iter()
            .copied()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let known: Vec<&str> = Locale::ALL.iter().map(|l| l.as_str()).collect();
                Error::invalid(format!(
                    "`{s}` is not a locale of the generator ({})",
                    known.join(", ")
                ))
            })
    }
}

/// One language's word lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    De,
    Th,
    Zh,
}

/// A city: name, latitude, longitude, postal prefix, country.
pub(super) type City = (&'static str, f64, f64, &'static str, &'static str);

fn pick<'a>(rng: &mut StdRng, xs: &'a [&'a str]) -> &'a str {
    xs[rng.random_range(0..xs.len())]
}

impl Lang {
    pub(super) fn cities(self) -> &'static [City] {
        match self {
            Lang::De => CITIES,
            Lang::Th => TH_CITIES,
            Lang::Zh => ZH_CITIES,
        }
    }

    pub(super) fn streets(self) -> &'static [&'static str] {
        match self {
            Lang::De => STREETS,
            Lang::Th => TH_STREETS,
            Lang::Zh => ZH_STREETS,
        }
    }

    pub(super) fn titles(self) -> &'static [&'static str] {
        match self {
            Lang::De => TITLES,
            Lang::Th => TH_TITLES,
            Lang::Zh => ZH_TITLES,
        }
    }

    /// The country calling code phone numbers start with.
    pub(super) fn calling_code(self) -> &'static str {
        match self {
            Lang::De => "+49",
            Lang::Th => "+66",
            Lang::Zh => "+86",
        }
    }

    /// What a mobile number starts with, up to its network digit.
    pub(super) fn mobile_prefix(self) -> &'static str {
        match self {
            Lang::De => "+49 17",
            Lang::Th => "+66 8",
            Lang::Zh => "+86 13",
        }
    }

    /// Whether names are in Latin script (and make readable e-mail addresses).
    pub(super) fn latin(self) -> bool {
        self == Lang::De
    }

    /// A shop's or company's name in `city`.
    pub(super) fn account_name(self, rng: &mut StdRng, city: &str) -> String {
        match self {
            Lang::De => format!(
                "{} {} {}",
                pick(rng, NAME_A),
                pick(rng, NAME_B),
                pick(rng, FORMS)
            ),
            Lang::Th => {
                let (trade, brand) = (pick(rng, TH_TRADES), pick(rng, TH_BRANDS));
                match rng.random_range(0..4) {
                    // ร้านกาแฟดอยช้างเชียงใหม่
                    0 => format!("ร้าน{trade}{brand}{city}"),
                    1 => format!("บริษัท {brand}{trade} จำกัด"),
                    2 => format!("ห้างหุ้นส่วนจำกัด {brand}{trade}"),
                    _ => format!("ร้าน{brand}{trade}"),
                }
            }
            Lang::Zh => {
                let (brand, trade, form) = (
                    pick(rng, ZH_BRANDS),
                    pick(rng, ZH_TRADES),
                    pick(rng, ZH_FORMS),
                );
                // 上海鑫隆贸易有限公司, or without the city: 福泰茶叶商行
                if rng.random_bool(0.5) {
                    format!("{city}{brand}{trade}{form}")
                } else {
                    format!("{brand}{trade}{form}")
                }
            }
        }
    }

    /// A person's name as it is written: given name and family name for German and Thai,
    /// family name then given name without a space for Chinese.
    pub(super) fn person_name(self, rng: &mut StdRng) -> String {
        match self {
            Lang::De => format!("{} {}", pick(rng, FIRST), pick(rng, LAST)),
            Lang::Th => format!("{} {}", pick(rng, TH_FIRST), pick(rng, TH_LAST)),
            Lang::Zh => format!("{}{}", pick(rng, ZH_SURNAMES), pick(rng, ZH_GIVEN)),
        }
    }

    /// A product's name.
    pub(super) fn product_name(self, rng: &mut StdRng) -> String {
        match self {
            Lang::De => format!(
                "{} {} {}",
                pick(rng, ADJ),
                pick(rng, NOUN),
                rng.random_range(1..100)
            ),
            Lang::Th => {
                let (noun, adj) = (pick(rng, TH_PRODUCTS), pick(rng, TH_QUALITIES));
                format!("{noun}{adj} {}", rng.random_range(1..100))
            }
            Lang::Zh => {
                let (adj, noun) = (pick(rng, ZH_QUALITIES), pick(rng, ZH_PRODUCTS));
                format!("{adj}{noun} {}", rng.random_range(1..100))
            }
        }
    }
}

/// (city, lat, lon, postal prefix, country)
const CITIES: &[(&str, f64, f64, &str, &str)] = &[
    ("Berlin", 52.520, 13.405, "10", "DE"),
    ("Hamburg", 53.551, 9.994, "20", "DE"),
    ("München", 48.137, 11.575, "80", "DE"),
    ("Köln", 50.938, 6.960, "50", "DE"),
    ("Frankfurt am Main", 50.110, 8.682, "60", "DE"),
    ("Stuttgart", 48.776, 9.183, "70", "DE"),
    ("Düsseldorf", 51.227, 6.774, "40", "DE"),
    ("Leipzig", 51.340, 12.375, "04", "DE"),
    ("Dortmund", 51.514, 7.466, "44", "DE"),
    ("Bremen", 53.079, 8.802, "28", "DE"),
    ("Dresden", 51.050, 13.738, "01", "DE"),
    ("Hannover", 52.376, 9.732, "30", "DE"),
    ("Nürnberg", 49.452, 11.077, "90", "DE"),
    ("Kiel", 54.323, 10.123, "24", "DE"),
    ("Wien", 48.208, 16.373, "10", "AT"),
    ("Graz", 47.071, 15.439, "80", "AT"),
    ("Salzburg", 47.809, 13.055, "50", "AT"),
    ("Zürich", 47.377, 8.541, "80", "CH"),
    ("Basel", 47.560, 7.589, "40", "CH"),
    ("Bern", 46.948, 7.447, "30", "CH"),
    ("Amsterdam", 52.368, 4.904, "10", "NL"),
    ("Rotterdam", 51.924, 4.478, "30", "NL"),
    ("Utrecht", 52.091, 5.122, "35", "NL"),
    ("Antwerpen", 51.219, 4.402, "20", "BE"),
    ("Brussel", 50.850, 4.352, "10", "BE"),
    ("Luxembourg", 49.612, 6.130, "12", "LU"),
    ("Kopenhagen", 55.676, 12.568, "10", "DK"),
    ("Aarhus", 56.163, 10.203, "80", "DK"),
    ("Wrocław", 51.108, 17.038, "50", "PL"),
    ("Praha", 50.075, 14.437, "11", "CZ"),
];

const NAME_A: &[&str] = &[
    "Müller",
    "Schmidt",
    "Nordwind",
    "Sonnenschein",
    "Weber",
    "Becker",
    "Hoffmann",
    "Alpen",
    "Rhein",
    "Elbe",
    "Kaiser",
    "Lindner",
    "Krüger",
    "Brandt",
    "Vogel",
    "Adler",
    "Falken",
    "Eichen",
    "Berg",
    "Stern",
    "Hansa",
    "Linden",
    "Fischer",
    "Wagner",
];
const NAME_B: &[&str] = &[
    "Haustechnik",
    "Logistik",
    "Bäckerei",
    "Gastronomie",
    "Bürobedarf",
    "Elektro",
    "Bau",
    "Handel",
    "Apotheke",
    "Hotel",
    "Café",
    "Metallbau",
    "Getränke",
    "Feinkost",
    "Werkzeuge",
    "Sanitär",
    "Druckerei",
    "Autohaus",
];
const FORMS: &[&str] = &["GmbH", "KG", "AG", "GmbH & Co. KG", "e.K.", "OHG"];
const FIRST: &[&str] = &[
    "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Katrin",
    "Lukas", "Marie", "Niklas", "Olga", "Paul", "Rita", "Stefan", "Tanja", "Uwe",
];
const LAST: &[&str] = &[
    "Schulz",
    "Meier",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Hartmann",
    "Lange",
    "Koch",
    "Richter",
    "Klein",
    "Werner",
    "Schröder",
    "Jung",
    "Hahn",
];
const TITLES: &[&str] = &[
    "Einkauf",
    "Geschäftsführung",
    "Lager",
    "Buchhaltung",
    "Filialleitung",
];
const ADJ: &[&str] = &[
    "Premium",
    "Classic",
    "Eco",
    "Pro",
    "Compact",
    "Heavy-duty",
    "Organic",
    "Deluxe",
    "Standard",
    "Industrial",
];
const NOUN: &[&str] = &[
    "Espresso beans",
    "Paper cups",
    "Cleaning agent",
    "Work gloves",
    "Copy paper",
    "LED bulb",
    "Screws",
    "Cable ties",
    "Olive oil",
    "Mineral water",
    "Napkins",
    "Toner",
    "Drill bits",
    "Flour",
    "Sugar",
    "Sealant",
];
const STREETS: &[&str] = &[
    "Hauptstraße",
    "Bahnhofstraße",
    "Industriestraße",
    "Marktplatz",
    "Gartenweg",
    "Ringstraße",
];

const TH_CITIES: &[City] = &[
    ("กรุงเทพมหานคร", 13.756, 100.502, "10", "TH"),
    ("เชียงใหม่", 18.788, 98.985, "50", "TH"),
    ("เชียงราย", 19.910, 99.840, "57", "TH"),
    ("ขอนแก่น", 16.441, 102.836, "40", "TH"),
    ("นครราชสีมา", 14.980, 102.098, "30", "TH"),
    ("อุดรธานี", 17.415, 102.787, "41", "TH"),
    ("ภูเก็ต", 7.880, 98.392, "83", "TH"),
    ("หาดใหญ่", 7.009, 100.475, "90", "TH"),
    ("พิษณุโลก", 16.821, 100.265, "65", "TH"),
    ("ชลบุรี", 13.361, 100.985, "20", "TH"),
    ("ลำปาง", 18.289, 99.491, "52", "TH"),
    ("สุราษฎร์ธานี", 9.138, 99.321, "84", "TH"),
];
const TH_TRADES: &[&str] = &[
    "กาแฟ",
    "อาหาร",
    "ขายยา",
    "วัสดุก่อสร้าง",
    "เครื่องเขียน",
    "ผลไม้",
    "ข้าวสาร",
    "เครื่องดื่ม",
    "ฮาร์ดแวร์",
    "มินิมาร์ท",
    "ขายส่ง",
    "ก๋วยเตี๋ยว",
    "เบเกอรี่",
    "เครื่องใช้ไฟฟ้า",
];
const TH_BRANDS: &[&str] = &[
    "ดอยช้าง",
    "รุ่งเรือง",
    "เจริญพาณิชย์",
    "ทองคำ",
    "ศรีสยาม",
    "มั่งมี",
    "สุขใจ",
    "เจริญชัย",
    "ชัยมงคล",
    "แสงทอง",
    "บ้านสวน",
    "รวมทรัพย์",
    "พูนผล",
    "ศรีนคร",
    "โชคดี",
    "ไทยเจริญ",
];
const TH_FIRST: &[&str] = &[
    "สมชาย",
    "สมศรี",
    "วิไลวรรณ",
    "ประเสริฐ",
    "สุนีย์",
    "ธนพล",
    "กาญจนา",
    "อนุชา",
    "พิมพ์ชนก",
    "ณัฐวุฒิ",
    "ศิริพร",
    "วีระ",
];
const TH_LAST: &[&str] = &[
    "ใจดี",
    "ทองคำ",
    "ศรีสุข",
    "แก้วมณี",
    "บุญมา",
    "สมบูรณ์",
    "วงศ์สวัสดิ์",
    "รัตนพันธ์",
    "จันทร์เพ็ญ",
    "พึ่งบุญ",
];
const TH_TITLES: &[&str] = &["ฝ่ายจัดซื้อ", "ผู้จัดการ", "เจ้าของร้าน", "ฝ่ายบัญชี", "หัวหน้าคลังสินค้า"];
const TH_STREETS: &[&str] = &[
    "ถนนสุขุมวิท",
    "ถนนพหลโยธิน",
    "ถนนนิมมานเหมินท์",
    "ถนนเจริญกรุง",
    "ถนนรัชดาภิเษก",
    "ถนนมิตรภาพ",
];
const TH_PRODUCTS: &[&str] = &[
    "เมล็ดกาแฟ",
    "แก้วกระดาษ",
    "น้ำยาทำความสะอาด",
    "ถุงมือ",
    "กระดาษถ่ายเอกสาร",
    "หลอดไฟแอลอีดี",
    "ข้าวหอมมะลิ",
    "น้ำมันพืช",
    "น้ำดื่ม",
    "กระดาษทิชชู่",
    "ผงซักฟอก",
    "น้ำตาลทราย",
    "ชาไทย",
    "น้ำปลา",
];
const TH_QUALITIES: &[&str] = &[
    "พรีเมียม",
    "ออร์แกนิก",
    "คลาสสิก",
    "ขนาดใหญ่",
    "ประหยัด",
    "คั่วเข้ม",
    "แพ็คคู่",
];

const ZH_CITIES: &[City] = &[
    ("上海", 31.230, 121.474, "20", "CN"),
    ("北京", 39.904, 116.407, "10", "CN"),
    ("广州", 23.129, 113.264, "51", "CN"),
    ("深圳", 22.543, 114.058, "51", "CN"),
    ("成都", 30.573, 104.066, "61", "CN"),
    ("杭州", 30.274, 120.155, "31", "CN"),
    ("武汉", 30.593, 114.305, "43", "CN"),
    ("西安", 34.341, 108.940, "71", "CN"),
    ("南京", 32.060, 118.797, "21", "CN"),
    ("厦门", 24.480, 118.089, "36", "CN"),
    ("重庆", 29.563, 106.551, "40", "CN"),
    ("苏州", 31.299, 120.585, "21", "CN"),
];
const ZH_BRANDS: &[&str] = &[
    "鑫隆",
    "福泰",
    "华兴",
    "盛源",
    "恒通",
    "金鼎",
    "永丰",
    "宏达",
    "瑞祥",
    "天成",
    "嘉禾",
    "新世纪",
    "东方",
    "长城",
    "百佳",
    "万家",
];
const ZH_TRADES: &[&str] = &[
    "贸易",
    "茶叶",
    "食品",
    "饮料",
    "五金",
    "电器",
    "服装",
    "医药",
    "酒业",
    "粮油",
    "水果",
    "日用百货",
    "建材",
    "文具",
];
const ZH_FORMS: &[&str] = &[
    "有限公司",
    "商行",
    "超市",
    "便利店",
    "批发部",
    "经营部",
    "有限责任公司",
];
const ZH_SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳",
];
const ZH_GIVEN: &[&str] = &[
    "伟", "娜", "敏", "洋", "静", "磊", "丽", "勇", "杰", "芳", "建国", "秀英", "志强", "海燕",
];
const ZH_TITLES: &[&str] = &["采购经理", "总经理", "店长", "会计", "仓库主管"];
const ZH_STREETS: &[&str] = &["人民路", "中山路", "解放路", "建设路", "南京路", "长江路"];
const ZH_PRODUCTS: &[&str] = &[
    "乌龙茶礼盒",
    "铁观音",
    "纸杯",
    "清洁剂",
    "劳保手套",
    "复印纸",
    "LED灯泡",
    "螺丝",
    "橄榄油",
    "矿泉水",
    "餐巾纸",
    "面粉",
    "白砂糖",
    "酱油",
];
const ZH_QUALITIES: &[&str] = &["特级", "精选", "有机", "经典", "大号", "家庭装", "进口"];
