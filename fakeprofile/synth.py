"""Synthetic labelled profiles, with photos, for training and testing fakeprofile.

Real labelled data on professional networks is scarce and cannot be shipped, so fakeprofile learns and
is tested on profiles drawn here. Each profile is drawn from one *archetype*: a kind of account that
people who screen invitations describe (see ``../shared/seeds``): bulk inviters with bare template
notes, personas that copy a stock or celebrity photo, polished personas written by a language model,
companies posing as people, sales spammers, careers with impossible timelines; and the genuine people
who look suspicious for innocent reasons: new graduates with few connections, privacy-minded people
without a photo, open networkers ("LIONs") with thousands of connections, recruiters and salespeople
who pitch in their invitations, people who moved country, freelancers with overlapping gigs, newcomers
who invite strangers with the template and collect "I don't know" answers, and the ordinary
professionals who are the majority. :data:`ARCHETYPES` is the table of them all.

The generator is built so that **no single clue separates the classes**: every archetype draws its
numbers from wide, overlapping distributions; a hidden "effort" variable makes careful fakes look
complete and careless genuine people look thin; some fakes copy an ordinary person's numbers
altogether and differ only in what their archetype is about (photo, text, name, note); clues that fake
accounts show also show up on some genuine ones (template invitations, far-away recipients,
overlapping jobs, copied-looking photos); and about 2.5% of labels are flipped, as in hand-labelled
real data. A model that scores perfectly on this data has learned the generator, not the problem.

:func:`generate_profiles` draws the records only (fast: no image is drawn); :func:`generate` also
writes ``profiles.jsonl``, one image per profile photo in ``photos/`` and the stock and celebrity
pictures that stolen-photo personas copy in ``known_images/``. The same ``(n, seed)`` always gives the
same bytes, and profile ``i`` does not depend on ``n``.
"""

from __future__ import annotations

import bisect
import io
import itertools
import json
import math
import random
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from fakeprofile.progress import progress as progress_bar

__all__ = [
    "ARCHETYPES",
    "CITIES",
    "DEFAULT_INVITE",
    "HIGH_SCHOOLS",
    "LABEL_NOISE",
    "SCRAPED_SHARE",
    "LOCATION_COUNTRY",
    "OBSERVED_AT",
    "Archetype",
    "City",
    "SynthSummary",
    "generate",
    "generate_profiles",
]

#: The month every synthetic profile is observed in: "present", account age and current jobs refer to it.
OBSERVED_AT = "2026-10"
_NOW = 2026 * 12 + 9
#: LinkedIn opened in May 2003; no account is older.
_LAUNCH = 2003 * 12 + 4
#: Share of labels flipped at random, as annotation mistakes in real labelled data.
LABEL_NOISE = 0.025
#: Share of profiles seen as a scraper or a research data set sees them: the profile page only (no image
#: file, just whether a photo is shown; no account age, activity counts or invitation). Without them a
#: model learns nothing about missing clue families and scores such data by accident.
SCRAPED_SHARE = 0.2
#: How many stock / celebrity pictures ``generate`` writes to ``known_images/``.
N_KNOWN_STOCK, N_KNOWN_CELEBRITY = 52, 12
#: The known pictures are the same for every seed, as the internet's stock photos are the same for every
#: data set: fakeprofile ships their index (:func:`fakeprofile.photos.default_known_index`), so stolen
#: photos in any synthetic set are found by the real matching path.
KNOWN_IMAGES_SEED = 2026

#: The platform's own note, sent when the inviter writes nothing of their own.
DEFAULT_INVITE = "I'd like to add you to my professional network on LinkedIn."


# --------------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    """A city, its country, the ways people write it in a profile, and how often it is chosen."""

    name: str
    country: str
    variants: tuple[str, ...]
    weight: float = 1.0


CITIES: tuple[City, ...] = (
    City("New York", "United States", ("New York, New York, United States", "New York City Metropolitan Area",
                                       "NYC", "Brooklyn, NY", "New York, NY"), 5),
    City("San Francisco", "United States", ("San Francisco Bay Area", "San Francisco, California, United States",
                                            "SF Bay Area", "Oakland, CA"), 3),
    City("Seattle", "United States", ("Seattle, Washington, United States", "Greater Seattle Area",
                                      "Seattle, WA"), 2),
    City("Austin", "United States", ("Austin, Texas, United States", "Austin, TX"), 1.5),
    City("Chicago", "United States", ("Chicago, Illinois, United States", "Greater Chicago Area", "Chicago"), 2.5),
    City("Boston", "United States", ("Boston, Massachusetts, United States", "Greater Boston", "Cambridge, MA"), 2),
    City("Los Angeles", "United States", ("Los Angeles, California, United States",
                                          "Greater Los Angeles Area", "Los Angeles Metropolitan Area"), 3),
    City("Atlanta", "United States", ("Atlanta, Georgia, United States", "Atlanta Metropolitan Area"), 1.5),
    City("Miami", "United States", ("Miami, Florida, United States", "Miami-Fort Lauderdale Area"), 1.5),
    City("Toronto", "Canada", ("Greater Toronto Area", "Toronto, Ontario, Canada", "Toronto",
                               "Mississauga, ON"), 3),
    City("Vancouver", "Canada", ("Vancouver, British Columbia, Canada",
                                 "Greater Vancouver Metropolitan Area"), 1.5),
    City("Montreal", "Canada", ("Montréal, Quebec, Canada", "Montreal, QC",
                                "Greater Montreal Metropolitan Area"), 1.5),
    City("London", "United Kingdom", ("London, England, United Kingdom", "London, United Kingdom",
                                      "Greater London", "London"), 4),
    City("Manchester", "United Kingdom", ("Manchester, England, United Kingdom", "Greater Manchester"), 1.2),
    City("Edinburgh", "United Kingdom", ("Edinburgh, Scotland, United Kingdom", "Edinburgh"), 0.8),
    City("Dublin", "Ireland", ("Dublin, County Dublin, Ireland", "Dublin, Ireland"), 1.2),
    City("Berlin", "Germany", ("Berlin, Germany", "Berlin Metropolitan Area", "Berlin, Deutschland"), 2),
    City("Munich", "Germany", ("Munich, Bavaria, Germany", "München, Bayern, Deutschland"), 1.5),
    City("Hamburg", "Germany", ("Hamburg, Germany", "Hamburg"), 1),
    City("Paris", "France", ("Paris, Île-de-France, France", "Paris", "Greater Paris Metropolitan Region"), 3),
    City("Lyon", "France", ("Lyon, Auvergne-Rhône-Alpes, France", "Lyon"), 1),
    City("Amsterdam", "Netherlands", ("Amsterdam, North Holland, Netherlands", "Amsterdam Area", "Amsterdam"), 1.5),
    City("Madrid", "Spain", ("Madrid, Community of Madrid, Spain", "Madrid, Spain"), 2),
    City("Barcelona", "Spain", ("Barcelona, Catalonia, Spain", "Barcelona"), 1.5),
    City("Lisbon", "Portugal", ("Lisbon, Portugal", "Lisboa, Portugal"), 1),
    City("Porto", "Portugal", ("Porto, Portugal",), 0.6),
    City("Milan", "Italy", ("Milan, Lombardy, Italy", "Milano, Lombardia, Italia"), 1.5),
    City("Rome", "Italy", ("Rome, Latium, Italy", "Roma, Italia"), 1),
    City("Stockholm", "Sweden", ("Stockholm, Stockholm County, Sweden", "Stockholm"), 1),
    City("Zurich", "Switzerland", ("Zürich, Switzerland", "Zurich, Switzerland"), 0.8),
    City("Geneva", "Switzerland", ("Geneva, Switzerland", "Genève, Suisse"), 0.5),
    City("Warsaw", "Poland", ("Warsaw, Mazowieckie, Poland", "Warszawa"), 1.2),
    City("Kraków", "Poland", ("Kraków, Małopolskie, Poland", "Krakow, Poland"), 0.8),
    City("Kyiv", "Ukraine", ("Kyiv, Ukraine", "Kyiv City, Ukraine", "Київ"), 1),
    City("Istanbul", "Turkey", ("Istanbul, Türkiye", "İstanbul, Turkey"), 1.5),
    City("São Paulo", "Brazil", ("São Paulo, Brazil", "São Paulo, São Paulo, Brasil", "Sao Paulo",
                                 "Greater São Paulo"), 3),
    City("Rio de Janeiro", "Brazil", ("Rio de Janeiro, Brazil", "Rio de Janeiro, RJ"), 1.5),
    City("Belo Horizonte", "Brazil", ("Belo Horizonte, Minas Gerais, Brazil",), 0.8),
    City("Mexico City", "Mexico", ("Mexico City, Mexico", "Ciudad de México, CDMX", "CDMX"), 2),
    City("Guadalajara", "Mexico", ("Guadalajara, Jalisco, Mexico",), 0.8),
    City("Buenos Aires", "Argentina", ("Buenos Aires, Argentina", "Ciudad Autónoma de Buenos Aires", "CABA"), 1.5),
    City("Bogotá", "Colombia", ("Bogotá, D.C., Capital District, Colombia", "Bogota, Colombia"), 1.2),
    City("Lima", "Peru", ("Lima, Peru", "Lima, Perú"), 1),
    City("Santiago", "Chile", ("Santiago, Santiago Metropolitan Region, Chile", "Santiago de Chile"), 1),
    City("Bengaluru", "India", ("Bengaluru, Karnataka, India", "Bangalore", "Bangalore Urban, Karnataka, India"), 3),
    City("Mumbai", "India", ("Mumbai, Maharashtra, India", "Mumbai Metropolitan Region", "Navi Mumbai"), 2.5),
    City("New Delhi", "India", ("New Delhi, Delhi, India", "Delhi", "Gurugram, Haryana, India",
                                "Noida, Uttar Pradesh, India"), 2.5),
    City("Hyderabad", "India", ("Hyderabad, Telangana, India", "Hyderabad"), 2),
    City("Pune", "India", ("Pune, Maharashtra, India", "Pune"), 1.5),
    City("Chennai", "India", ("Chennai, Tamil Nadu, India",), 1.5),
    City("Karachi", "Pakistan", ("Karachi, Sindh, Pakistan",), 1),
    City("Lahore", "Pakistan", ("Lahore, Punjab, Pakistan",), 1),
    City("Shanghai", "China", ("Shanghai, China", "上海"), 1.5),
    City("Beijing", "China", ("Beijing, China", "北京"), 1.2),
    City("Shenzhen", "China", ("Shenzhen, Guangdong, China",), 1),
    City("Hong Kong", "Hong Kong", ("Hong Kong SAR", "Hong Kong"), 1),
    City("Tokyo", "Japan", ("Tokyo, Japan", "東京都"), 1.5),
    City("Osaka", "Japan", ("Osaka, Japan",), 0.7),
    City("Seoul", "South Korea", ("Seoul, South Korea", "서울"), 1.2),
    City("Singapore", "Singapore", ("Singapore",), 1.5),
    City("Manila", "Philippines", ("Metro Manila, Philippines", "Makati, National Capital Region, Philippines",
                                   "Quezon City"), 1.5),
    City("Ho Chi Minh City", "Vietnam", ("Ho Chi Minh City, Vietnam", "TP. Hồ Chí Minh"), 1),
    City("Jakarta", "Indonesia", ("Jakarta, Indonesia", "Jakarta Selatan"), 1.2),
    City("Dubai", "United Arab Emirates", ("Dubai, United Arab Emirates", "Dubai", "دبي"), 1.5),
    City("Riyadh", "Saudi Arabia", ("Riyadh, Saudi Arabia",), 1),
    City("Cairo", "Egypt", ("Cairo, Egypt", "القاهرة"), 1),
    City("Lagos", "Nigeria", ("Lagos, Nigeria", "Lagos State, Nigeria", "Ikeja, Lagos"), 1.5),
    City("Accra", "Ghana", ("Accra, Greater Accra, Ghana",), 0.7),
    City("Nairobi", "Kenya", ("Nairobi County, Kenya", "Nairobi"), 1),
    City("Johannesburg", "South Africa", ("Johannesburg, Gauteng, South Africa", "Sandton"), 1),
    City("Cape Town", "South Africa", ("Cape Town, Western Cape, South Africa",), 0.8),
    City("Sydney", "Australia", ("Sydney, New South Wales, Australia", "Greater Sydney Area"), 2),
    City("Melbourne", "Australia", ("Melbourne, Victoria, Australia",), 1.5),
    City("Auckland", "New Zealand", ("Auckland, New Zealand", "Auckland"), 0.7),
)

#: How people write a country on its own, without a city.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "United States": ("United States", "USA"),
    "United Kingdom": ("United Kingdom", "UK"),
    "Brazil": ("Brazil", "Brasil"),
    "India": ("India",),
    "Germany": ("Germany", "Deutschland"),
    "Nigeria": ("Nigeria",),
    "Philippines": ("Philippines",),
    "Canada": ("Canada",),
    "Mexico": ("Mexico", "México"),
    "Pakistan": ("Pakistan",),
}

#: Every location string the generator writes, mapped to its country (tests use it as a gazetteer).
LOCATION_COUNTRY: dict[str, str] = {
    **{variant: city.country for city in CITIES for variant in city.variants},
    **{alias: country for country, aliases in COUNTRY_ALIASES.items() for alias in aliases},
}

#: Where the people who receive invitations live: a few hub cities.
RECIPIENT_HUBS: dict[str, float] = {
    "Toronto": 22, "New York": 15, "London": 15, "San Francisco": 9, "Berlin": 7, "Bengaluru": 8,
    "Sydney": 5, "Singapore": 6, "Amsterdam": 5, "São Paulo": 5, "Chicago": 4, "Paris": 4,
}

#: Non-local fakes mostly claim to live in these countries (as in the seeds' "HR in Brazil" example).
FAR_AWAY_COUNTRIES: tuple[str, ...] = (
    "Brazil", "Philippines", "Nigeria", "India", "Ukraine", "Indonesia", "Vietnam", "Colombia", "Ghana",
    "Kenya", "Pakistan", "Egypt", "Turkey", "Mexico", "United Arab Emirates", "South Africa",
)
#: Countries people move from and to (the "relocated" archetype).
EMIGRATION_COUNTRIES: tuple[str, ...] = (
    "India", "Brazil", "Nigeria", "Philippines", "China", "Mexico", "Ukraine", "Pakistan", "Egypt", "Vietnam",
    "Colombia", "Turkey", "Kenya", "Poland", "Italy", "Spain",
)
IMMIGRATION_COUNTRIES: tuple[str, ...] = (
    "Canada", "United States", "United Kingdom", "Germany", "Netherlands", "Australia", "United Arab Emirates",
    "Ireland", "Sweden", "Singapore", "Portugal",
)

# --------------------------------------------------------------------------------------------------
# People's names
# --------------------------------------------------------------------------------------------------

#: Given names, family names and (for some cultures) full names in their own script.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "anglo": (("James", "Emily", "Michael", "Sarah", "David", "Jessica", "Chris", "Laura", "Daniel", "Megan",
               "Ryan", "Olivia", "Matthew", "Hannah", "Andrew", "Rachel", "Tom", "Kate", "Liam", "Chloe"),
              ("Smith", "Johnson", "Williams", "Brown", "Taylor", "Wilson", "Anderson", "Thompson", "Walker",
               "Clarke", "Murphy", "O'Brien", "Campbell", "Mitchell", "Robinson", "Hughes", "Bennett", "Fraser"),
              ()),
    "hispanic": (("José", "María", "Juan", "Lucía", "Carlos", "Sofía", "Alejandro", "Valentina", "Diego",
                  "Camila", "Andrés", "Isabella", "Javier", "Daniela", "Mateo", "Ximena"),
                 ("García", "Martínez", "López", "Hernández", "González", "Rodríguez", "Pérez", "Sánchez",
                  "Ramírez", "Torres", "Flores", "Castillo", "Jiménez", "Vargas", "Muñoz", "Ortiz"),
                 ()),
    "lusophone": (("João", "Ana", "Pedro", "Mariana", "Lucas", "Beatriz", "Gabriel", "Juliana", "Rafael",
                   "Larissa", "Thiago", "Fernanda", "Gustavo", "Letícia", "Bruno", "Camila"),
                  ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida",
                   "Nascimento", "Lima", "Araújo", "Carvalho", "Gomes", "Ribeiro", "Conceição"),
                  ()),
    "french": (("Camille", "Louis", "Léa", "Hugo", "Chloé", "Julien", "Manon", "Théo", "Élodie", "Antoine",
                "Inès", "Mathieu", "Céline", "Nicolas"),
               ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
                "Moreau", "Lefèvre", "Girard", "Bélanger", "Tremblay"),
               ()),
    "german": (("Lukas", "Anna", "Jonas", "Lena", "Felix", "Sophie", "Maximilian", "Marie", "Jan", "Katharina",
                "Tobias", "Julia", "Stefan", "Jürgen"),
               ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
                "Schäfer", "Koch", "Bauer", "Richter", "Krüger"),
               ()),
    "italian": (("Giulia", "Luca", "Francesca", "Marco", "Chiara", "Alessandro", "Sara", "Matteo", "Elena",
                 "Davide"),
                ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
                 "Greco", "Conti", "De Luca"),
                ()),
    "dutch": (("Daan", "Sanne", "Bram", "Lotte", "Ruben", "Eva", "Thijs", "Femke", "Joost", "Anouk"),
              ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
               "de Boer"),
              ()),
    "nordic": (("Erik", "Astrid", "Lars", "Ingrid", "Johan", "Maja", "Oskar", "Elin", "Nils", "Saga"),
               ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Lindqvist",
                "Bergström", "Åberg"),
               ()),
    "polish": (("Piotr", "Anna", "Krzysztof", "Katarzyna", "Tomasz", "Magdalena", "Paweł", "Agnieszka",
                "Michał", "Małgorzata"),
               ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zieliński",
                "Szymańska", "Woźniak", "Dąbrowski"),
               ()),
    "ukrainian": (("Olena", "Andriy", "Iryna", "Dmytro", "Oksana", "Serhiy", "Natalia", "Oleksandr", "Yulia",
                   "Taras"),
                  ("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko", "Koval",
                   "Marchenko", "Savchenko"),
                  ("Олена Коваленко", "Андрій Шевченко", "Ірина Бондаренко", "Дмитро Ткаченко", "Оксана Мельник",
                   "Сергій Бойко")),
    "turkish": (("Mehmet", "Ayşe", "Mustafa", "Elif", "Emre", "Zeynep", "Burak", "Merve", "Can", "Selin"),
                ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan"),
                ()),
    "arabic": (("Mohammed", "Fatima", "Ahmed", "Aisha", "Omar", "Layla", "Youssef", "Mariam", "Khalid", "Noor",
                "Hassan", "Sara"),
               ("Al-Rashid", "Haddad", "El-Sayed", "Mansour", "Al-Farsi", "Nasser", "Khalil", "Ibrahim",
                "Abdullah", "Saleh"),
               ("محمد الرشيد", "فاطمة حداد", "أحمد منصور", "عائشة خليل", "عمر ناصر", "ليلى إبراهيم")),
    "indian": (("Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya", "Rohan", "Divya",
                "Siddharth", "Pooja", "Karthik", "Lakshmi", "Amit", "Neha"),
               ("Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Singh", "Kumar", "Mehta", "Desai", "Rao",
                "Banerjee", "Menon", "Joshi", "Chatterjee", "Verma"),
               ()),
    "pakistani": (("Ali", "Ayesha", "Usman", "Hira", "Bilal", "Sana", "Hamza", "Zainab", "Faisal", "Mahnoor"),
                  ("Khan", "Ahmed", "Malik", "Qureshi", "Sheikh", "Butt", "Chaudhry", "Raza", "Siddiqui",
                   "Hussain"),
                  ()),
    "chinese": (("Wei", "Li", "Jing", "Hao", "Xin", "Yu", "Lei", "Mei", "Jun", "Ying", "Kevin", "Grace"),
                ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Lin", "Tan"),
                ("王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "黄丽", "赵军")),
    "japanese": (("Haruto", "Yui", "Sota", "Aoi", "Takumi", "Sakura", "Ren", "Hina", "Kenji", "Yuki"),
                 ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi",
                  "Kato"),
                 ("佐藤 健", "鈴木 結衣", "高橋 蓮", "田中 さくら", "渡辺 拓海", "伊藤 陽菜")),
    "korean": (("Minjun", "Seoyeon", "Jiho", "Jiwoo", "Hyunwoo", "Soyeon", "Donghyun", "Yuna", "Jaehyun",
                "Eunji"),
               ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"),
               ("김민준", "이서연", "박지호", "최지우", "정현우", "강소연")),
    "vietnamese": (("Minh", "Linh", "Anh", "Huong", "Duc", "Thao", "Tuan", "Mai", "Quang", "Lan"),
                   ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"),
                   ()),
    "filipino": (("Mark", "Maria", "John Paul", "Kristine", "Jerome", "Angelica", "Carlo", "Patricia", "Rommel",
                  "Joy"),
                 ("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Dela Cruz", "Villanueva", "Ramos",
                  "Aquino"),
                 ()),
    "indonesian": (("Budi", "Siti", "Agus", "Dewi", "Rizky", "Putri", "Andi", "Ayu", "Dimas", "Nur"),
                   ("Santoso", "Wijaya", "Saputra", "Pratama", "Hidayat", "Kusuma", "Setiawan", "Lestari",
                    "Nugroho", "Halim"),
                   ()),
    "nigerian": (("Chinedu", "Ngozi", "Oluwaseun", "Funmilayo", "Emeka", "Adaeze", "Tunde", "Yetunde", "Ifeanyi",
                  "Chioma", "Ibrahim", "Aisha"),
                 ("Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Nwosu", "Adebayo", "Ogunleye", "Obi",
                  "Abubakar", "Okeke", "Bello"),
                 ()),
    "ghanaian": (("Kwame", "Ama", "Kofi", "Akosua", "Yaw", "Abena", "Kojo", "Efua", "Kwabena", "Adwoa"),
                 ("Mensah", "Osei", "Boateng", "Asante", "Owusu", "Agyeman", "Appiah", "Ofori", "Addo", "Darko"),
                 ()),
    "kenyan": (("Wanjiru", "Kamau", "Achieng", "Otieno", "Njeri", "Mwangi", "Akinyi", "Kipchoge", "Wambui",
                "Omondi"),
               ("Kamau", "Otieno", "Mwangi", "Wanjiku", "Ochieng", "Kariuki", "Njoroge", "Kiprop", "Mutua",
                "Wafula"),
               ()),
    "south_african": (("Thabo", "Lerato", "Sipho", "Naledi", "Pieter", "Anika", "Johan", "Zanele", "Bongani",
                       "Chantelle"),
                      ("Nkosi", "Dlamini", "Botha", "van der Merwe", "Mokoena", "Naidoo", "Pillay", "Khumalo",
                       "Ndlovu", "Pretorius"),
                      ()),
}

#: Which name cultures live in each country, with weights.
COUNTRY_CULTURES: dict[str, dict[str, float]] = {
    "United States": {"anglo": 55, "hispanic": 15, "indian": 8, "chinese": 6, "korean": 3, "vietnamese": 3,
                      "filipino": 3, "nigerian": 2, "arabic": 2, "italian": 3},
    "Canada": {"anglo": 45, "french": 12, "indian": 14, "chinese": 11, "filipino": 4, "arabic": 3,
               "lusophone": 3, "hispanic": 3, "korean": 3, "pakistani": 2},
    "United Kingdom": {"anglo": 65, "indian": 11, "pakistani": 6, "polish": 5, "nigerian": 4, "chinese": 3,
                       "italian": 3, "french": 3},
    "Ireland": {"anglo": 80, "polish": 8, "indian": 6, "lusophone": 3, "hispanic": 3},
    "Germany": {"german": 75, "turkish": 10, "polish": 5, "italian": 3, "arabic": 3, "indian": 4},
    "France": {"french": 82, "arabic": 10, "italian": 3, "lusophone": 3, "hispanic": 2},
    "Netherlands": {"dutch": 80, "turkish": 6, "arabic": 5, "indian": 5, "german": 4},
    "Spain": {"hispanic": 90, "arabic": 4, "italian": 3, "french": 3},
    "Portugal": {"lusophone": 92, "hispanic": 4, "french": 4},
    "Italy": {"italian": 92, "arabic": 4, "hispanic": 4},
    "Sweden": {"nordic": 85, "arabic": 6, "polish": 4, "german": 5},
    "Switzerland": {"german": 60, "french": 25, "italian": 15},
    "Poland": {"polish": 95, "ukrainian": 5},
    "Ukraine": {"ukrainian": 100},
    "Turkey": {"turkish": 95, "arabic": 5},
    "Brazil": {"lusophone": 95, "italian": 3, "japanese": 2},
    "Mexico": {"hispanic": 100},
    "Argentina": {"hispanic": 85, "italian": 15},
    "Colombia": {"hispanic": 100},
    "Peru": {"hispanic": 95, "japanese": 5},
    "Chile": {"hispanic": 95, "german": 5},
    "India": {"indian": 100},
    "Pakistan": {"pakistani": 100},
    "China": {"chinese": 100},
    "Hong Kong": {"chinese": 90, "anglo": 10},
    "Japan": {"japanese": 100},
    "South Korea": {"korean": 100},
    "Singapore": {"chinese": 70, "indian": 15, "indonesian": 10, "anglo": 5},
    "Philippines": {"filipino": 100},
    "Vietnam": {"vietnamese": 100},
    "Indonesia": {"indonesian": 100},
    "United Arab Emirates": {"arabic": 45, "indian": 30, "pakistani": 10, "filipino": 10, "anglo": 5},
    "Saudi Arabia": {"arabic": 90, "pakistani": 5, "indian": 5},
    "Egypt": {"arabic": 100},
    "Nigeria": {"nigerian": 100},
    "Ghana": {"ghanaian": 100},
    "Kenya": {"kenyan": 100},
    "South Africa": {"south_african": 85, "indian": 10, "anglo": 5},
    "Australia": {"anglo": 70, "chinese": 10, "indian": 8, "vietnamese": 4, "italian": 4, "korean": 4},
    "New Zealand": {"anglo": 85, "chinese": 8, "indian": 7},
}

#: What genuine people sometimes add to their name.
NAME_SUFFIXES: tuple[str, ...] = (", MBA", ", PhD", ", PMP", ", CPA", ", CFA", " (She/Her)", " (He/Him)",
                                  ", SHRM-CP", ", P.Eng.", " 🌱")

#: Parts of the names of companies that pose as people ("Acme Solutions LLC").
ORG_NAME_A: tuple[str, ...] = ("Acme", "Bright", "Prime", "Global", "Nexus", "Summit", "Vertex", "Blue Ocean",
                               "Golden", "Elite", "Pinnacle", "Smart", "Royal", "United", "Star", "Apex")
ORG_NAME_B: tuple[str, ...] = ("Solutions", "Consulting", "Digital Marketing", "Recruitment", "Logistics",
                               "IT Services", "Web Design", "Trading", "Real Estate", "Staffing",
                               "Marketing Agency", "Technologies", "Exports", "Leads")
ORG_SUFFIX: tuple[str, ...] = ("LLC", "Inc.", "Ltd", "Pvt. Ltd.", "Group", "Agency", "Co.", "", "S.A.",
                               "GmbH", "FZE")

# --------------------------------------------------------------------------------------------------
# Employers and schools
# --------------------------------------------------------------------------------------------------

GLOBAL_COMPANIES: tuple[str, ...] = (
    "Google", "Microsoft", "Amazon", "Accenture", "Deloitte", "IBM", "Oracle", "SAP", "Siemens", "Unilever",
    "HSBC", "PwC", "EY", "KPMG", "McKinsey & Company", "Salesforce", "Cisco", "Meta", "Nestlé",
    "Procter & Gamble", "DHL", "Capgemini", "Spotify", "Uber", "Booking.com",
)

COMPANIES: dict[str, tuple[str, ...]] = {
    "United States": ("JPMorgan Chase", "Walmart", "Kaiser Permanente", "Bank of America", "Target", "Stripe",
                      "Airbnb", "Wells Fargo", "Boeing", "CVS Health"),
    "Canada": ("Shopify", "RBC", "TD Bank", "Rogers Communications", "Bell Canada", "Manulife", "Scotiabank",
               "Loblaw Companies", "CGI", "Telus"),
    "United Kingdom": ("Barclays", "BT Group", "Tesco", "NHS", "BBC", "Lloyds Banking Group", "Sainsbury's",
                       "Rolls-Royce", "Ocado", "Monzo"),
    "Ireland": ("AIB", "Bank of Ireland", "Kerry Group", "CRH", "Ryanair"),
    "Germany": ("Deutsche Bank", "BMW Group", "Zalando", "Bosch", "Allianz", "Lufthansa", "N26",
                "Siemens Healthineers", "Volkswagen", "Delivery Hero"),
    "France": ("BNP Paribas", "L'Oréal", "Orange", "TotalEnergies", "Société Générale", "Danone", "Doctolib",
               "AXA", "Renault"),
    "Netherlands": ("ING", "Philips", "Adyen", "ABN AMRO", "Heineken", "ASML", "Rabobank"),
    "Spain": ("Banco Santander", "Telefónica", "BBVA", "Inditex", "Iberdrola", "Glovo", "Repsol"),
    "Portugal": ("Farfetch", "Galp", "EDP", "Sonae", "Millennium bcp", "Talkdesk"),
    "Italy": ("Enel", "UniCredit", "Intesa Sanpaolo", "Pirelli", "Luxottica", "Eni"),
    "Sweden": ("Ericsson", "Klarna", "Volvo Cars", "H&M", "IKEA"),
    "Switzerland": ("UBS", "Novartis", "Roche", "Zurich Insurance"),
    "Poland": ("PKO Bank Polski", "Allegro", "Orlen", "CD PROJEKT", "Asseco"),
    "Ukraine": ("EPAM Systems", "SoftServe", "GlobalLogic", "Kyivstar", "Monobank", "PrivatBank"),
    "Turkey": ("Turkish Airlines", "Trendyol", "Getir", "Koç Holding", "Garanti BBVA", "Turkcell"),
    "Brazil": ("Itaú Unibanco", "Nubank", "Petrobras", "Ambev", "Natura &Co", "Magazine Luiza", "Bradesco",
               "Vale", "iFood", "Stone"),
    "Mexico": ("BBVA México", "CEMEX", "América Móvil", "Grupo Bimbo", "FEMSA", "Banorte", "Liverpool"),
    "Argentina": ("Mercado Libre", "Globant", "YPF", "Banco Galicia", "Despegar"),
    "Colombia": ("Bancolombia", "Rappi", "Ecopetrol", "Avianca", "Grupo Éxito"),
    "Peru": ("Credicorp", "Interbank", "Alicorp", "BCP"),
    "Chile": ("LATAM Airlines", "Falabella", "Codelco", "Cencosud", "Banco de Chile"),
    "India": ("Infosys", "Tata Consultancy Services", "Wipro", "HCLTech", "Reliance Industries", "HDFC Bank",
              "Flipkart", "Zomato", "ICICI Bank", "Tech Mahindra", "Swiggy", "Larsen & Toubro"),
    "Pakistan": ("Systems Limited", "Jazz", "HBL", "Engro Corporation", "Careem", "NetSol Technologies"),
    "China": ("Alibaba Group", "Tencent", "Huawei", "ByteDance", "Baidu", "JD.com", "Xiaomi", "Ping An"),
    "Hong Kong": ("Cathay Pacific", "AIA", "Hang Seng Bank", "Swire"),
    "Japan": ("Sony", "Toyota", "Rakuten", "SoftBank", "Hitachi", "Mitsubishi UFJ", "Fast Retailing",
              "Panasonic"),
    "South Korea": ("Samsung Electronics", "LG Electronics", "Hyundai Motor Company", "Naver", "Kakao",
                    "SK hynix", "Coupang"),
    "Singapore": ("DBS Bank", "Grab", "Shopee", "Singtel", "OCBC", "GovTech Singapore", "Sea Limited"),
    "Philippines": ("BDO Unibank", "Globe Telecom", "Ayala Corporation", "Concentrix", "Teleperformance"),
    "Vietnam": ("FPT Software", "Viettel", "VNG Corporation", "Vingroup", "Techcombank"),
    "Indonesia": ("Gojek", "Tokopedia", "Bank Central Asia", "Telkom Indonesia", "Traveloka"),
    "United Arab Emirates": ("Emirates", "Emirates NBD", "Careem", "e&", "Majid Al Futtaim", "ADNOC"),
    "Saudi Arabia": ("Saudi Aramco", "SABIC", "STC", "Al Rajhi Bank", "NEOM"),
    "Egypt": ("Vodafone Egypt", "Commercial International Bank", "Fawry", "Orascom", "Valeo Egypt"),
    "Nigeria": ("Flutterwave", "Access Bank", "Dangote Group", "MTN Nigeria", "Paystack", "Andela",
                "Interswitch"),
    "Ghana": ("MTN Ghana", "Ecobank", "Hubtel", "GCB Bank"),
    "Kenya": ("Safaricom", "Equity Bank", "M-KOPA", "Twiga Foods", "KCB Group"),
    "South Africa": ("Standard Bank", "Naspers", "Discovery", "Vodacom", "Takealot", "Woolworths SA"),
    "Australia": ("Atlassian", "Commonwealth Bank", "Telstra", "Canva", "BHP", "Westpac", "Woolworths Group"),
    "New Zealand": ("Xero", "Fonterra", "Air New Zealand", "Spark NZ"),
}

#: Small local firms: prefix + core (+ a legal suffix that depends on the country).
SMALL_FIRM_A: tuple[str, ...] = ("Blue", "North", "Cedar", "Bright", "Nova", "Silver", "Urban", "Pixel",
                                 "Harbor", "Lighthouse", "Redwood", "Kestrel", "Orbit", "Maple")
SMALL_FIRM_B: tuple[str, ...] = ("Tech", "Data", "Works", "Labs", "Logistics", "Health", "Capital", "Media",
                                 "Foods", "Systems", "Studio", "Analytics", "Partners", "Engineering")
LEGAL_SUFFIX: dict[str, str] = {
    "United States": " Inc.", "Canada": " Inc.", "United Kingdom": " Ltd", "Ireland": " Ltd",
    "Germany": " GmbH", "Switzerland": " AG", "France": " SAS", "Spain": " S.L.", "Brazil": " Ltda.",
    "Mexico": " S.A. de C.V.", "India": " Pvt. Ltd.", "Pakistan": " (Pvt) Ltd", "Netherlands": " B.V.",
    "Italy": " S.r.l.", "Poland": " sp. z o.o.", "Nigeria": " Ltd", "Australia": " Pty Ltd",
}
#: The upbeat invented employers that language models like to write ("GreenTech Innovations").
INVENTED_A: tuple[str, ...] = ("Green", "Eco", "Tech", "Innovate", "Future", "NextGen", "Smart", "Bright",
                               "Global", "Sustain", "Health", "Agri", "Urban", "Quantum")
INVENTED_B: tuple[str, ...] = ("Tech Innovations", "Solutions", "Ventures", "Dynamics", "Innovations",
                               "Works Global", "Stride", "Labs", "Futures", "Impact", "Horizons")

UNIVERSITIES: dict[str, tuple[str, ...]] = {
    "United States": ("University of Michigan", "New York University", "University of California, Berkeley",
                      "Georgia Institute of Technology", "Arizona State University", "University of Texas at Austin",
                      "Boston University", "Stanford University"),
    "Canada": ("University of Toronto", "McGill University", "University of British Columbia",
               "University of Waterloo", "York University", "Toronto Metropolitan University"),
    "United Kingdom": ("University of Manchester", "King's College London", "University of Edinburgh",
                       "University of Leeds", "University College London", "University of Bristol"),
    "Ireland": ("Trinity College Dublin", "University College Dublin"),
    "Germany": ("Technische Universität München", "Humboldt-Universität zu Berlin", "Universität Hamburg",
                "RWTH Aachen University"),
    "France": ("Sorbonne Université", "HEC Paris", "Université Claude Bernard Lyon 1", "Sciences Po"),
    "Netherlands": ("University of Amsterdam", "TU Delft", "Erasmus University Rotterdam"),
    "Spain": ("Universidad Complutense de Madrid", "Universitat de Barcelona", "IE University"),
    "Portugal": ("Universidade de Lisboa", "Universidade do Porto"),
    "Italy": ("Politecnico di Milano", "Sapienza Università di Roma", "Università Bocconi"),
    "Sweden": ("KTH Royal Institute of Technology", "Stockholm University", "Lund University"),
    "Switzerland": ("ETH Zürich", "Université de Genève", "EPFL"),
    "Poland": ("Uniwersytet Warszawski", "AGH University of Krakow", "Politechnika Warszawska"),
    "Ukraine": ("Taras Shevchenko National University of Kyiv", "Igor Sikorsky Kyiv Polytechnic Institute",
                "Lviv Polytechnic National University"),
    "Turkey": ("Boğaziçi University", "Istanbul Technical University", "Middle East Technical University"),
    "Brazil": ("Universidade de São Paulo", "Universidade Federal do Rio de Janeiro",
               "Universidade Federal de Minas Gerais", "Fundação Getulio Vargas", "Universidade Estadual de Campinas"),
    "Mexico": ("Universidad Nacional Autónoma de México", "Tecnológico de Monterrey", "Instituto Politécnico Nacional"),
    "Argentina": ("Universidad de Buenos Aires", "Universidad Tecnológica Nacional"),
    "Colombia": ("Universidad de los Andes", "Universidad Nacional de Colombia"),
    "Peru": ("Pontificia Universidad Católica del Perú", "Universidad de Lima"),
    "Chile": ("Pontificia Universidad Católica de Chile", "Universidad de Chile"),
    "India": ("Indian Institute of Technology Bombay", "Anna University", "University of Mumbai",
              "Visvesvaraya Technological University", "University of Delhi",
              "Jawaharlal Nehru Technological University", "Savitribai Phule Pune University",
              "Manipal Institute of Technology"),
    "Pakistan": ("Lahore University of Management Sciences", "NUST", "University of Karachi", "FAST-NUCES"),
    "China": ("Tsinghua University", "Peking University", "Fudan University", "Shanghai Jiao Tong University",
              "Zhejiang University"),
    "Hong Kong": ("The University of Hong Kong", "HKUST"),
    "Japan": ("The University of Tokyo", "Keio University", "Waseda University", "Osaka University"),
    "South Korea": ("Seoul National University", "KAIST", "Yonsei University", "Korea University"),
    "Singapore": ("National University of Singapore", "Nanyang Technological University",
                  "Singapore Management University"),
    "Philippines": ("University of the Philippines Diliman", "Ateneo de Manila University", "De La Salle University"),
    "Vietnam": ("Vietnam National University, Ho Chi Minh City", "Hanoi University of Science and Technology",
                "RMIT University Vietnam"),
    "Indonesia": ("Universitas Indonesia", "Institut Teknologi Bandung", "Universitas Gadjah Mada"),
    "United Arab Emirates": ("American University of Sharjah", "Khalifa University", "University of Dubai"),
    "Saudi Arabia": ("King Saud University", "King Fahd University of Petroleum and Minerals"),
    "Egypt": ("Cairo University", "The American University in Cairo", "Ain Shams University"),
    "Nigeria": ("University of Lagos", "Obafemi Awolowo University", "University of Nigeria, Nsukka",
                "Covenant University"),
    "Ghana": ("University of Ghana", "Kwame Nkrumah University of Science and Technology"),
    "Kenya": ("University of Nairobi", "Strathmore University",
              "Jomo Kenyatta University of Agriculture and Technology"),
    "South Africa": ("University of Cape Town", "University of the Witwatersrand", "Stellenbosch University"),
    "Australia": ("University of Sydney", "University of Melbourne", "UNSW Sydney", "Monash University"),
    "New Zealand": ("University of Auckland", "Auckland University of Technology"),
}
ONLINE_SCHOOLS: tuple[str, ...] = ("Coursera", "Udemy", "General Assembly", "Google Career Certificates", "edX")

#: Secondary schools. Some are called "College" (Upper Canada College, Eton College, King's College Lagos):
#: a Master's degree from one of them is the seeds' tell-tale sign of an invented education.
HIGH_SCHOOLS: dict[str, tuple[str, ...]] = {
    "Canada": ("Upper Canada College", "Northern Secondary School", "Marc Garneau Collegiate Institute"),
    "United States": ("Phillips Exeter Academy", "Stuyvesant High School", "Lincoln High School",
                      "Thomas Jefferson High School for Science and Technology"),
    "United Kingdom": ("Eton College", "Harrow School", "Manchester Grammar School"),
    "India": ("Delhi Public School", "Kendriya Vidyalaya", "La Martiniere College"),
    "Brazil": ("Colégio Bandeirantes", "Colégio Santo Américo", "Colégio Pedro II"),
    "France": ("Lycée Henri-IV", "Lycée Louis-le-Grand"),
    "Germany": ("Goethe-Gymnasium", "Gymnasium am Münsterplatz"),
    "Nigeria": ("King's College Lagos", "Queen's College Lagos"),
    "Philippines": ("Philippine Science High School",),
    "Mexico": ("Colegio Alemán Alexander von Humboldt", "Escuela Nacional Preparatoria 5"),
    "Australia": ("Sydney Grammar School", "Melbourne High School"),
    "Singapore": ("Raffles Institution", "Hwa Chong Institution"),
}

DEGREES: dict[str, tuple[str, ...]] = {
    "bachelor": ("Bachelor of Science (BSc)", "Bachelor of Arts (BA)", "Bachelor's degree", "BS", "BA",
                 "Bachelor of Engineering (BE)", "BBA"),
    "master": ("Master of Science (MSc)", "Master's degree", "MBA", "Master of Arts (MA)",
               "Master of Engineering (MEng)", "MS"),
    "phd": ("PhD", "Doctor of Philosophy (PhD)"),
    "school": ("High School Diploma", "High School"),
    "certificate": ("Certificate", "Professional Certificate", "Specialization", "Nanodegree"),
}
#: Degree names that only some countries use; chosen instead of the general ones about half the time.
LOCAL_DEGREES: dict[str, dict[str, tuple[str, ...]]] = {
    "Brazil": {"bachelor": ("Bacharelado", "Graduação"), "school": ("Ensino Médio",), "master": ("Mestrado",)},
    "Portugal": {"bachelor": ("Licenciatura",), "master": ("Mestrado",)},
    "Mexico": {"bachelor": ("Licenciatura", "Ingeniería"), "master": ("Maestría",)},
    "Argentina": {"bachelor": ("Licenciatura",)}, "Colombia": {"bachelor": ("Pregrado", "Ingeniería")},
    "Peru": {"bachelor": ("Bachiller",)}, "Chile": {"bachelor": ("Ingeniería Comercial", "Licenciatura")},
    "Spain": {"bachelor": ("Grado", "Licenciatura"), "master": ("Máster",)},
    "France": {"bachelor": ("Licence",), "master": ("Master 2", "Diplôme d'ingénieur"), "school": ("Baccalauréat",)},
    "Germany": {"bachelor": ("Bachelor of Science (B.Sc.)",), "master": ("Diplom", "Master of Science (M.Sc.)"),
                "school": ("Abitur",)},
    "United Kingdom": {"bachelor": ("BSc (Hons)", "BA (Hons)"), "school": ("A-Levels",)},
    "India": {"bachelor": ("B.Tech", "B.Com", "BE", "BCA"), "master": ("M.Tech", "MCA", "PGDM")},
    "Pakistan": {"bachelor": ("BS", "BBA (Hons)")}, "Nigeria": {"bachelor": ("B.Sc.", "HND")},
}

# --------------------------------------------------------------------------------------------------
# Occupations
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occupation:
    """One line of work: job titles by seniority, skills, what the work is about, and what people study."""

    label: str
    titles: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    intern: str
    skills: tuple[str, ...]
    topics: tuple[str, ...]
    degree_fields: tuple[str, ...]


OCCUPATIONS: dict[str, Occupation] = {
    "software": Occupation(
        "software engineering",
        (("Junior Software Developer", "Software Engineer I", "Associate Developer"),
         ("Software Engineer", "Backend Developer", "Full Stack Developer", "Frontend Engineer"),
         ("Senior Software Engineer", "Senior Backend Engineer", "Staff Engineer"),
         ("Engineering Manager", "Principal Engineer", "Head of Engineering", "CTO")),
        "Software Engineering Intern",
        ("Python", "Java", "JavaScript", "TypeScript", "React", "Node.js", "Kubernetes", "AWS", "Docker",
         "PostgreSQL", "Go", "Microservices", "CI/CD", "Git", "System Design"),
        ("backend services", "developer tooling", "payments infrastructure", "the mobile app",
         "distributed systems", "the cloud migration", "our public API", "search"),
        ("Computer Science", "Software Engineering", "Information Technology", "Computer Engineering"),
    ),
    "data": Occupation(
        "data science",
        (("Junior Data Analyst", "Data Analyst I", "Reporting Analyst"),
         ("Data Analyst", "Data Scientist", "Data Engineer", "BI Developer"),
         ("Senior Data Scientist", "Senior Data Engineer", "Machine Learning Engineer"),
         ("Head of Data", "Director of Analytics", "Principal Data Scientist")),
        "Data Science Intern",
        ("SQL", "Python", "Machine Learning", "Tableau", "Power BI", "Spark", "Statistics", "dbt", "Airflow",
         "Pandas", "A/B Testing", "Data Visualization", "Snowflake", "R"),
        ("churn models", "the data warehouse", "forecasting", "marketing attribution", "fraud detection",
         "dashboards for the ops team", "recommendation models"),
        ("Statistics", "Mathematics", "Data Science", "Economics", "Computer Science"),
    ),
    "marketing": Occupation(
        "marketing",
        (("Marketing Assistant", "Marketing Coordinator", "Social Media Assistant"),
         ("Marketing Specialist", "Digital Marketing Manager", "Content Marketing Manager", "Brand Manager"),
         ("Senior Marketing Manager", "Senior Brand Manager", "Growth Marketing Lead"),
         ("Head of Marketing", "Marketing Director", "CMO")),
        "Marketing Intern",
        ("Digital Marketing", "SEO", "Content Strategy", "Google Analytics", "Social Media Marketing",
         "Brand Management", "Copywriting", "HubSpot", "Email Marketing", "Marketing Strategy"),
        ("brand campaigns", "paid social", "the newsletter", "product launches", "SEO", "events",
         "partner marketing"),
        ("Marketing", "Communications", "Business Administration", "Journalism"),
    ),
    "sales": Occupation(
        "sales",
        (("Sales Development Representative", "Business Development Associate", "Inside Sales Representative"),
         ("Account Executive", "Sales Executive", "Business Development Manager"),
         ("Senior Account Executive", "Key Account Manager", "Regional Sales Manager"),
         ("Head of Sales", "Sales Director", "VP Sales")),
        "Sales Intern",
        ("B2B Sales", "Salesforce", "Negotiation", "Account Management", "Lead Generation", "CRM",
         "Cold Calling", "Solution Selling", "Pipeline Management", "SaaS"),
        ("mid-market accounts", "the enterprise pipeline", "channel partners", "renewals", "new logos",
         "the EMEA territory", "public sector deals"),
        ("Business Administration", "Marketing", "Economics", "Communications"),
    ),
    "hr": Occupation(
        "human resources",
        (("HR Assistant", "Recruitment Coordinator", "Talent Acquisition Associate"),
         ("HR Generalist", "Recruiter", "Talent Acquisition Specialist", "HR Business Partner"),
         ("Senior Recruiter", "HR Manager", "Senior Talent Acquisition Partner"),
         ("Head of People", "HR Director", "VP Talent")),
        "HR Intern",
        ("Recruiting", "Talent Acquisition", "Employee Relations", "Onboarding", "HRIS", "Workday",
         "Sourcing", "Interviewing", "Performance Management", "Compensation & Benefits"),
        ("tech hiring", "onboarding", "employee relations", "campus recruiting", "the HRIS rollout",
         "performance reviews", "payroll"),
        ("Human Resources", "Psychology", "Business Administration", "Sociology"),
    ),
    "finance": Occupation(
        "finance",
        (("Junior Accountant", "Finance Assistant", "Accounts Payable Clerk"),
         ("Accountant", "Financial Analyst", "Auditor", "FP&A Analyst"),
         ("Senior Financial Analyst", "Finance Manager", "Senior Auditor"),
         ("Finance Director", "CFO", "Head of FP&A")),
        "Finance Intern",
        ("Financial Modeling", "Excel", "IFRS", "Budgeting", "Forecasting", "SAP FICO", "Audit",
         "Accounting", "Valuation", "Corporate Finance"),
        ("month-end close", "budgeting", "audits", "the ERP migration", "treasury", "investor reporting"),
        ("Accounting", "Finance", "Economics", "Business Administration"),
    ),
    "design": Occupation(
        "design",
        (("Junior Designer", "Graphic Designer", "Design Assistant"),
         ("UX Designer", "Product Designer", "UI Designer", "Visual Designer"),
         ("Senior Product Designer", "Senior UX Researcher", "Lead Designer"),
         ("Head of Design", "Design Director", "Creative Director")),
        "Design Intern",
        ("Figma", "User Research", "Prototyping", "Adobe Illustrator", "Photoshop", "Design Systems",
         "Interaction Design", "Typography", "Usability Testing", "Sketch"),
        ("the design system", "onboarding flows", "the checkout", "brand identity", "user research",
         "the mobile app"),
        ("Graphic Design", "Industrial Design", "Human-Computer Interaction", "Fine Arts"),
    ),
    "product": Occupation(
        "product management",
        (("Associate Product Manager", "Product Analyst", "Junior Product Owner"),
         ("Product Manager", "Product Owner", "Technical Product Manager"),
         ("Senior Product Manager", "Group Product Manager", "Lead Product Manager"),
         ("Head of Product", "Director of Product", "VP Product")),
        "Product Management Intern",
        ("Product Management", "Agile", "Scrum", "Roadmapping", "Jira", "User Stories", "Product Strategy",
         "Stakeholder Management", "Analytics", "Go-to-Market Strategy"),
        ("the onboarding funnel", "pricing", "the partner platform", "growth experiments", "the mobile app",
         "search and discovery"),
        ("Business Administration", "Computer Science", "Economics", "Engineering"),
    ),
    "operations": Occupation(
        "operations",
        (("Operations Assistant", "Logistics Coordinator", "Operations Associate"),
         ("Operations Analyst", "Supply Chain Analyst", "Project Coordinator", "Operations Specialist"),
         ("Operations Manager", "Supply Chain Manager", "Senior Project Manager"),
         ("Head of Operations", "COO", "Director of Supply Chain")),
        "Operations Intern",
        ("Supply Chain Management", "Logistics", "Project Management", "Lean Six Sigma", "Process Improvement",
         "Procurement", "Inventory Management", "Excel", "ERP", "Vendor Management"),
        ("warehouse operations", "last-mile delivery", "vendor onboarding", "procurement", "the S&OP process",
         "fleet planning"),
        ("Industrial Engineering", "Supply Chain Management", "Business Administration", "Logistics"),
    ),
    "healthcare": Occupation(
        "healthcare",
        (("Nursing Assistant", "Clinical Research Assistant", "Pharmacy Technician"),
         ("Registered Nurse", "Clinical Research Associate", "Physiotherapist", "Pharmacist"),
         ("Senior Clinical Research Associate", "Charge Nurse", "Clinical Lead"),
         ("Head of Clinical Operations", "Director of Nursing", "Medical Director")),
        "Clinical Intern",
        ("Patient Care", "Clinical Research", "GCP", "Healthcare", "Clinical Trials", "Nursing",
         "Electronic Medical Records", "Pharmacology", "Patient Safety"),
        ("oncology trials", "the ICU", "patient safety", "the vaccine study", "outpatient care",
         "medical devices"),
        ("Nursing", "Pharmacy", "Biomedical Science", "Public Health"),
    ),
    "education": Occupation(
        "education",
        (("Teaching Assistant", "Tutor", "Learning Support Assistant"),
         ("Teacher", "Instructional Designer", "Lecturer", "Learning Specialist"),
         ("Senior Lecturer", "Head of Department", "Senior Instructional Designer"),
         ("School Principal", "Head of Learning", "Director of Education")),
        "Education Intern",
        ("Curriculum Development", "Teaching", "E-Learning", "Classroom Management", "Instructional Design",
         "Public Speaking", "Mentoring", "Educational Technology"),
        ("the maths curriculum", "online courses", "teacher training", "student assessment", "STEM outreach"),
        ("Education", "Mathematics", "English Literature", "Psychology"),
    ),
    "engineering": Occupation(
        "engineering",
        (("Graduate Engineer", "Junior Mechanical Engineer", "Site Engineer"),
         ("Mechanical Engineer", "Civil Engineer", "Electrical Engineer", "Process Engineer"),
         ("Senior Mechanical Engineer", "Senior Project Engineer", "Lead Engineer"),
         ("Engineering Director", "Chief Engineer", "Head of Engineering")),
        "Engineering Intern",
        ("AutoCAD", "SolidWorks", "MATLAB", "Project Engineering", "FEA", "Revit", "Lean Manufacturing",
         "PLC", "Quality Assurance", "Root Cause Analysis"),
        ("the plant expansion", "bridge inspections", "HVAC design", "the assembly line", "solar projects",
         "product testing"),
        ("Mechanical Engineering", "Civil Engineering", "Electrical Engineering", "Chemical Engineering"),
    ),
}
OCCUPATION_WEIGHTS: dict[str, float] = {
    "software": 16, "data": 8, "marketing": 10, "sales": 10, "hr": 7, "finance": 10, "design": 5,
    "product": 5, "operations": 9, "healthcare": 7, "education": 6, "engineering": 7,
}
SOFT_SKILLS: tuple[str, ...] = ("Leadership", "Communication", "Teamwork", "Project Management",
                                "Microsoft Office", "Problem Solving", "Customer Service", "English",
                                "Time Management", "Public Speaking", "Strategic Planning")

# --------------------------------------------------------------------------------------------------
# Texts: job descriptions, summaries, headlines, invitation notes
# --------------------------------------------------------------------------------------------------

#: Job descriptions as people write them: short, specific, uneven.
PLAIN_DESCRIPTIONS: tuple[str, ...] = (
    "Worked on {topic}.",
    "{Skill} and {skill2}, mostly on {topic}.",
    "Team of {k}. Responsible for {topic}.",
    "- {topic}\n- {skill}, {skill2}\n- reporting to the head of {dept}",
    "Day to day: {topic}, some {skill2}. Covered for my manager for {k} months.",
    "Joined as {prev_title}, promoted after {few} years.",
    "Contract role through an agency, extended twice.",
    "Looked after {topic} for the {region} region.",
    "Got the {topic} project over the line after two false starts.",
    "{topic} ({skill}). Left when the team moved to {other_city}.",
    "Mainly {topic}. Also the unofficial {skill} person.",
    "Cut the time spent on {topic} roughly in half by moving it to {skill}.",
)
#: Job descriptions in the upbeat register language models write (and some people do too).
POLISHED_DESCRIPTIONS: tuple[str, ...] = (
    "Spearheaded {topic} initiatives, driving a {pct}% improvement in {metric} through data-driven "
    "strategies and cross-functional collaboration.",
    "Led a high-performing team of {k} professionals to deliver innovative solutions for {topic}, aligned "
    "with organizational goals.",
    "Orchestrated end-to-end delivery of {topic}, ensuring timely execution within budget and fostering "
    "strong stakeholder relationships.",
    "Championed the adoption of {skill}, streamlining workflows and enhancing operational efficiency by {pct}%.",
    "Collaborated with senior leadership to shape the strategic direction of {topic}, resulting in "
    "sustainable growth.",
    "Developed and implemented comprehensive strategies for {topic} that increased {metric} by {pct}% "
    "year-over-year.",
    "Fostered a culture of innovation and continuous improvement across {dept} teams.",
    "Successfully launched {topic}, which significantly increased {metric} in the first year.",
    "Leveraged {skill} and {skill2} to transform {topic} and deliver measurable business impact.",
)
METRICS: tuple[str, ...] = ("customer satisfaction", "revenue", "operational efficiency", "engagement",
                            "retention", "time-to-market", "conversion rates", "team productivity")
DEPARTMENTS: tuple[str, ...] = ("engineering", "marketing", "sales", "finance", "operations", "product",
                                "customer success", "HR")
REGIONS: tuple[str, ...] = ("EMEA", "LATAM", "APAC", "North America", "DACH", "Nordics", "GCC")

PLAIN_SUMMARY: tuple[str, ...] = (
    "I'm a {title} at {employer}, based in {city}.",
    "{years}+ years in {field}, mostly {topic}.",
    "Currently working on {topic} at {employer}.",
    "Before that I spent {k} years at {prev_company}.",
    "I like hard problems, good coffee and people who write things down.",
    "Outside work: {hobby}.",
    "Happy to chat about {topic} or {topic2}.",
    "Ex-{prev_company}.",
    "Languages: {languages}.",
    "Not looking for new roles right now, thanks recruiters!",
    "Opinions are my own.",
    "I care about {topic2} more than is probably healthy.",
)
POLISHED_SUMMARY: tuple[str, ...] = (
    "A passionate {field} professional with over {years} years of experience in {topic} and {topic2}.",
    "Committed to leveraging {skill} to drive sustainable growth and meaningful impact.",
    "Proven track record of leading cross-functional teams and delivering innovative solutions in "
    "fast-paced environments.",
    "I thrive at the intersection of {topic} and {topic2}, where strategy meets execution.",
    "Dedicated to fostering collaboration, empowering teams and championing innovation across {dept}.",
    "Always eager to connect with like-minded professionals who share a vision for the future of {field}.",
    "Results-driven {title} with a demonstrated history of working in the {field} industry.",
    "Known for translating complex challenges into actionable strategies that deliver measurable results.",
)
GRADUATE_SUMMARY: tuple[str, ...] = (
    "Recent {degree} graduate from {school} with a passion for {topic}.",
    "Eager to apply my skills in {skill} and {skill2} to real-world challenges.",
    "Currently seeking entry-level opportunities in {field}.",
    "Completed internships at {prev_company} where I worked on {topic}.",
    "Quick learner, team player, and always curious.",
    "Feel free to reach out!",
)
RECRUITER_SUMMARY: tuple[str, ...] = (
    "I connect great {field} people with great teams.",
    "Specialising in {opening} hiring across {region}.",
    "If you're open to new opportunities, feel free to reach out - I always reply.",
    "Currently hiring for several roles at {employer}.",
    "{years} years in agency and in-house recruitment.",
    "Always happy to connect!",
)
LION_SUMMARY: tuple[str, ...] = (
    "LION - open networker. I accept all invitations and never click IDK.",
    "{k}K+ connections and growing.",
    "Invite me: {email}",
    "Let's connect and grow our networks together!",
    "I am a {title} by day and a networker always.",
)
FREELANCE_SUMMARY: tuple[str, ...] = (
    "Freelance {role} helping small businesses with {topic}.",
    "Previously in-house at {prev_company}.",
    "Portfolio on request.",
    "Available for new projects from next month.",
    "Clients across {region}. Remote-friendly.",
    "Rates and availability: {email}",
)
SALES_SPAM_SUMMARY: tuple[str, ...] = (
    "We help B2B companies 10x their pipeline with done-for-you lead generation 🚀",
    "Over {k}00 happy clients worldwide.",
    "DM me 'LEADS' for a FREE audit!",
    "📞 WhatsApp: +{phone}",
    "Guaranteed results in 30 days or your money back.",
    "Book a call: calendly.com/{handle}",
)
COMPANY_SUMMARY: tuple[str, ...] = (
    "{org} is a leading provider of {service} solutions for businesses of all sizes.",
    "Our team of experts delivers quality, reliability and value.",
    "Contact us today: info@{handle}.com",
    "We offer {service}, {service2} and more at competitive prices.",
    "Serving clients since {year}.",
)
SHORT_SUMMARY: tuple[str, ...] = (
    "HR professional.", "Hard working and motivated.", "Looking for new opportunities.", "Manager",
    "Engineer.", "Hi!", "{title}", "Business owner", "Open to work", "Passionate professional",
)
HOBBIES: tuple[str, ...] = ("running", "bouldering", "sourdough", "chess", "my two kids", "cycling",
                            "birdwatching", "film photography", "board games", "volunteering at the food bank")
LANGUAGES: tuple[str, ...] = ("English, Spanish", "English, Portuguese", "English, Hindi", "English, French",
                              "German, English", "English, Mandarin", "English, Arabic", "English")
SERVICES: tuple[str, ...] = ("SEO", "web design", "digital marketing", "IT outsourcing", "staffing",
                             "bookkeeping", "app development", "logistics", "lead generation", "solar installation")

HEADLINE_TOPICS: tuple[str, ...] = ("Building things that matter", "Ex-consultant", "Coffee enthusiast",
                                    "Mentor", "Speaker", "Lifelong learner", "Open to work", "Team builder")
POLISHED_HEADLINE_TAILS: tuple[str, ...] = (
    "Passionate about Sustainable Innovation", "Driving Digital Transformation", "Championing Innovation 🚀",
    "Advocate for Inclusive Growth", "Empowering Teams to Succeed", "Thought Leader", "Speaker | Mentor",
)

#: Notes a genuine sender writes to someone they know or met.
PERSONAL_NOTES: tuple[str, ...] = (
    "Hi {first}, great meeting you at {event} last week. Would love to stay in touch!",
    "Hey {first} - we worked together on {topic} back at {shared}. Good to see you at {rcompany} now!",
    "{first}, thanks for your talk at {event}. The part about {topic} was really useful for my team.",
    "Hi {first}! Fellow {school} alum here, also working in {field}. Would be great to connect.",
    "Hi {first}, {mutual} suggested I reach out about the {field} meetup in {rcity}.",
    "hey {first}, it was nice chatting after the {event} panel. let's keep in touch",
    "Hi {first}, I'm moving to {rcity} next month and saw you're at {rcompany} - would love to hear how you "
    "like it there.",
    "Dear {first}, thank you for your time during the interview today. I enjoyed learning about the team at "
    "{rcompany}.",
    "{first}! Long time no see. Congrats on the new role at {rcompany}.",
    "Hi {first}, we spoke briefly on the {topic} call yesterday. Connecting as promised.",
)
#: Generic networking notes, sent by genuine people and fakes alike.
GENERIC_NOTES: tuple[str, ...] = (
    "Hi {first}, I came across your profile and would love to connect.",
    "I think we can mutually help each other, let's connect.",
    "You seem interesting, let's get to know each other.",
    "LinkedIn suggested you as someone I should connect with. Open to it?",
    "We share {k} connections, so we should be connected too.",
    "Hi {first}, expanding my network in {field}. Happy to connect!",
    "Came across your profile here and noticed we had LinkedIn groups in common, was intrigued and would "
    "love to connect.",
    "Hello {first}, I'd like to connect with professionals in {rcity}.",
    "Hi, I am looking to grow my network. Please accept.",
)
#: The bare defaults: the platform's note and near-copies of it.
TEMPLATE_NOTES: tuple[str, ...] = (
    DEFAULT_INVITE,
    DEFAULT_INVITE,
    DEFAULT_INVITE,
    "I'd like to add you to my professional network.",
    "{first}, I'd like to add you to my professional network on LinkedIn.",
    "I'd like to join your LinkedIn network.",
)
#: Notes in the polished register of language models.
POLISHED_NOTES: tuple[str, ...] = (
    "Hi {first}, I came across your impressive work at {rcompany} and was inspired by your commitment to "
    "{topic}. I'd be delighted to connect and exchange insights.",
    "Dear {first}, as a fellow professional passionate about {field}, I would be honored to connect and "
    "explore potential synergies between our work.",
    "Hello {first}, your journey at {rcompany} truly resonates with me. I'm always eager to connect with "
    "forward-thinking leaders in {field}. Looking forward to connecting!",
    "Hi {first}, I admire the innovative work your team at {rcompany} is doing. It would be wonderful to "
    "connect and learn from each other.",
)
GRADUATE_NOTES: tuple[str, ...] = (
    "Hi {first}, I'm a recent {school} graduate interested in {field}. I'd really appreciate the chance to "
    "connect and learn from your experience.",
    "Hello {first}, I'm exploring entry-level roles in {field} and your path at {rcompany} is inspiring. "
    "Would you be open to connecting?",
)
LION_NOTES: tuple[str, ...] = (
    "I'm an open networker (LION) and accept all invitations. Let's grow our networks together!",
    "Hi {first}, I'm a LION with {k}K+ connections. Connect with me to expand your reach.",
)
RECRUITER_NOTES: tuple[str, ...] = (
    "Hi {first}, I'm recruiting for a {opening} role at {client} (hybrid, {rcity}). Your background looks like "
    "a great fit - open to a quick chat?",
    "Hello {first}, I work with top {field} talent in {rcity}. Let's connect so I can share relevant "
    "opportunities.",
    "Hi {first}! We're hiring! Several openings for {opening}s, remote, competitive pay. Interested?",
    "Hi {first}, saw your experience at {rcompany}. I have a confidential search that might interest you.",
)
SALES_NOTES: tuple[str, ...] = (
    "Hi {first}, I want to tell you about a terrific new product we have for teams like yours at {rcompany}.",
    "Hi {first}, we help {field} teams cut costs by {pct}%. Would you be open to a 15-minute call this week?",
    "Hello {first}, I noticed {rcompany} is growing fast. Our {product} platform could help. Can I send you "
    "a short demo?",
    "Hi {first}, quick question: who handles {product} decisions at {rcompany}?",
    "Hi {first}, I'd love to show you how we helped {client} double their pipeline in 90 days.",
)
HARVEST_NOTES: tuple[str, ...] = (
    "I developed a method that gives you many leads and more on LinkedIn, Facebook, Twitter and many others "
    "in 24 hours! I would love to run a quick test 🙂 What is your PHONE NUMBER?",
    "Hi dear, please share your WhatsApp number so we can discuss a business opportunity.",
    "Hello {first}, I have an investment opportunity with guaranteed returns. What's your email or phone?",
    "Hi {first}, kindly send me your email so I can share our company profile and price list.",
    "Hi {first}, are you the right person to talk to about {product}? Please send your direct number.",
)
FREELANCE_NOTES: tuple[str, ...] = (
    "Hi {first}, I'm a freelance {role}. If {rcompany} ever needs extra hands on {topic}, I'd be glad to help.",
    "Hi {first}, I saw your post about {topic} - I've done similar work for clients in {rcity}. Happy to "
    "connect.",
)
COMPANY_NOTES: tuple[str, ...] = (
    "{org} offers {service} at the best prices. Visit our website and get a free quote today!",
    "Dear Sir/Madam, {org} would like to partner with {rcompany} for {service}. Please connect.",
)
NOTES: dict[str, tuple[str, ...]] = {
    "personal": PERSONAL_NOTES, "generic": GENERIC_NOTES, "template": TEMPLATE_NOTES,
    "polished": POLISHED_NOTES, "graduate": GRADUATE_NOTES, "lion": LION_NOTES,
    "recruiter": RECRUITER_NOTES, "sales": SALES_NOTES, "harvest": HARVEST_NOTES,
    "freelance": FREELANCE_NOTES, "company": COMPANY_NOTES,
}
EVENTS: tuple[str, ...] = ("Web Summit", "the AWS Summit", "DevConf", "SaaStr", "the CIPD conference",
                           "the product meetup", "Collision", "the alumni dinner", "PyCon", "the HR Tech fair")
PRODUCTS: tuple[str, ...] = ("CRM", "analytics", "payroll", "cybersecurity", "HR software", "lead generation",
                             "cloud cost", "sales automation")

# --------------------------------------------------------------------------------------------------
# Archetypes
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Archetype:
    """How one kind of account is drawn.

    Every number is the centre of a wide distribution, not a rule: the point of the table is that the
    archetypes overlap. ``effort`` is a hidden Beta-distributed score of how much care went into the
    profile; it scales how complete the profile is (summary, descriptions, skills, connections), so a
    careful fake looks complete and a careless genuine person looks thin.

    Attributes
    ----------
    name, label, weight, description
        Archetype name (stored in ``archetype``), 1 = fake / 0 = genuine, relative frequency, what it is.
    effort
        Beta(a, b) parameters of the hidden effort score.
    career
        How the work history is drawn: ``standard``, ``graduate``, ``relocated``, ``freelance``,
        ``polished`` or ``company``.
    career_years
        Range (uniform) of years since the first job.
    max_jobs
        At most this many jobs are listed.
    occupations
        Lines of work to choose from (``None`` = any, weighted by :data:`OCCUPATION_WEIGHTS`).
    local
        Chance that the sender lives in the recipient's country.
    far_away
        Non-local senders claim a country from :data:`FAR_AWAY_COUNTRIES` rather than anywhere.
    connections, follower_ratio, invites
        Median and log-sigma of connections, followers per connection, invitations sent in 30 days.
    young_account
        Chance that the account was created within the last 30 months regardless of the career.
    photo, summary, note
        Probabilities of each kind of photo, summary and invitation note (``none`` = absent).
    headline
        Headline style.
    acceptance
        Beta(a, b) of the share of invitations accepted.
    idk_rate
        Share of declined invitations answered with "I don't know this person".
    posts
        Chance of no posts at all, then median and log-sigma of the number of posts.
    description_rate, polished_text
        Chance a job has a description (at full effort), and that descriptions are in the polished register.
    skills
        Number of skills listed at zero and at full effort.
    recommendations
        Chance of none, then the mean number received.
    shared_context
        Chance the recipient works at one of the sender's former employers.
    oddities
        Chance of each timeline oddity: ``overlap`` (two full-time jobs at once for months),
        ``no_dates`` (a job without dates), ``hs_masters`` (a Master's degree from a secondary school).
    mimic
        Chance (for fakes) that the account copies an ordinary person's numbers: effort, career length,
        account age, connections, activity, skills. Such fakes differ from genuine people only in the
        clues their archetype is about (photo, text, name, invitation note), as careful fakes do.
    """

    name: str
    label: int
    weight: float
    description: str
    effort: tuple[float, float]
    career: str
    career_years: tuple[float, float]
    max_jobs: int
    occupations: tuple[str, ...] | None
    local: float
    far_away: bool
    connections: tuple[float, float]
    follower_ratio: tuple[float, float]
    young_account: float
    photo: Mapping[str, float]
    summary: Mapping[str, float]
    headline: str
    note: Mapping[str, float]
    invites: tuple[float, float]
    acceptance: tuple[float, float]
    idk_rate: float
    posts: tuple[float, float, float]
    description_rate: float
    polished_text: float
    skills: tuple[int, int]
    recommendations: tuple[float, float]
    shared_context: float
    oddities: Mapping[str, float]
    mimic: float = 0.0


ARCHETYPES: dict[str, Archetype] = {a.name: a for a in (
    Archetype(
        "ordinary", 0, 30, "mid-career professional with a complete profile and a personal note or none",
        effort=(5, 2), career="standard", career_years=(2, 32), max_jobs=12, occupations=None,
        local=0.6, far_away=False, connections=(380, 0.9), follower_ratio=(1.1, 0.3), young_account=0.06,
        photo={"portrait": 0.86, "none": 0.07, "blob": 0.03, "avatar": 0.02, "known": 0.01, "logo": 0.01},
        summary={"none": 0.35, "plain": 0.45, "polished": 0.15, "short": 0.05}, headline="standard",
        note={"none": 0.45, "personal": 0.30, "template": 0.12, "generic": 0.10, "sales": 0.03},
        invites=(4, 1.1), acceptance=(7, 3), idk_rate=0.02, posts=(0.35, 10, 1.1),
        description_rate=0.75, polished_text=0.25, skills=(3, 35), recommendations=(0.5, 4),
        shared_context=0.25, oddities={"overlap": 0.03, "no_dates": 0.03, "hs_masters": 0.003}),
    Archetype(
        "new_graduate", 0, 6, "recent graduate: internships, recent education, few connections",
        effort=(4, 2), career="graduate", career_years=(0, 2), max_jobs=5, occupations=None,
        local=0.65, far_away=False, connections=(80, 0.8), follower_ratio=(1.0, 0.3), young_account=0.25,
        photo={"portrait": 0.82, "none": 0.12, "avatar": 0.04, "blob": 0.02},
        summary={"none": 0.35, "graduate": 0.5, "polished": 0.1, "short": 0.05}, headline="graduate",
        note={"none": 0.3, "personal": 0.2, "template": 0.2, "generic": 0.1, "graduate": 0.2},
        invites=(15, 0.9), acceptance=(5, 4), idk_rate=0.05, posts=(0.5, 3, 1.0),
        description_rate=0.6, polished_text=0.45, skills=(5, 25), recommendations=(0.75, 1.5),
        shared_context=0.1, oddities={"no_dates": 0.02}),
    Archetype(
        "private_person", 0, 5, "privacy-minded professional: no photo, sparse profile, rarely active",
        effort=(2, 3), career="standard", career_years=(4, 35), max_jobs=8, occupations=None,
        local=0.6, far_away=False, connections=(150, 1.0), follower_ratio=(1.0, 0.25), young_account=0.04,
        photo={"none": 0.85, "avatar": 0.1, "blob": 0.05},
        summary={"none": 0.7, "short": 0.2, "plain": 0.1}, headline="standard",
        note={"none": 0.55, "personal": 0.35, "template": 0.1},
        invites=(2, 1.0), acceptance=(8, 2), idk_rate=0.01, posts=(0.8, 2, 1.0),
        description_rate=0.4, polished_text=0.15, skills=(0, 10), recommendations=(0.6, 2),
        shared_context=0.35, oddities={"no_dates": 0.05}),
    Archetype(
        "open_networker", 0, 5, "LION: accepts everyone, thousands of connections, template invitations",
        effort=(4, 2), career="standard", career_years=(6, 35), max_jobs=10, occupations=None,
        local=0.3, far_away=False, connections=(6000, 0.7), follower_ratio=(1.5, 0.3), young_account=0.03,
        photo={"portrait": 0.88, "none": 0.04, "logo": 0.03, "blob": 0.02, "known": 0.03},
        summary={"lion": 0.6, "plain": 0.15, "none": 0.2, "polished": 0.05}, headline="lion",
        note={"template": 0.35, "lion": 0.2, "generic": 0.2, "none": 0.2, "personal": 0.05},
        invites=(70, 0.8), acceptance=(5, 4), idk_rate=0.03, posts=(0.2, 40, 1.0),
        description_rate=0.5, polished_text=0.3, skills=(10, 50), recommendations=(0.4, 5),
        shared_context=0.1, oddities={"overlap": 0.03}),
    Archetype(
        "recruiter_sales", 0, 6, "recruiter or salesperson: many invitations, pitches in the note",
        effort=(4, 2), career="standard", career_years=(2, 30), max_jobs=10, occupations=("hr", "sales"),
        local=0.55, far_away=False, connections=(1800, 0.8), follower_ratio=(1.3, 0.3), young_account=0.08,
        photo={"portrait": 0.92, "none": 0.03, "logo": 0.03, "known": 0.02},
        summary={"pitch": 0.65, "plain": 0.1, "none": 0.15, "polished": 0.1}, headline="pitch",
        note={"pitch": 0.55, "generic": 0.15, "personal": 0.15, "none": 0.1, "template": 0.05},
        invites=(110, 0.7), acceptance=(4, 5), idk_rate=0.04, posts=(0.15, 40, 1.0),
        description_rate=0.6, polished_text=0.35, skills=(8, 45), recommendations=(0.35, 5),
        shared_context=0.15, oddities={"overlap": 0.02, "no_dates": 0.02}),
    Archetype(
        "relocated", 0, 5, "moved country: education and early jobs in one country, now in another",
        effort=(5, 2), career="relocated", career_years=(4, 25), max_jobs=10, occupations=None,
        local=0.45, far_away=False, connections=(300, 0.9), follower_ratio=(1.1, 0.3), young_account=0.08,
        photo={"portrait": 0.88, "none": 0.08, "blob": 0.02, "avatar": 0.02},
        summary={"none": 0.35, "plain": 0.45, "polished": 0.15, "short": 0.05}, headline="standard",
        note={"none": 0.4, "personal": 0.3, "template": 0.12, "generic": 0.15, "sales": 0.03},
        invites=(6, 1.0), acceptance=(6, 3), idk_rate=0.03, posts=(0.35, 8, 1.1),
        description_rate=0.75, polished_text=0.25, skills=(3, 40), recommendations=(0.5, 3),
        shared_context=0.2, oddities={"overlap": 0.03, "no_dates": 0.03}),
    Archetype(
        "freelancer", 0, 5, "freelancer or consultant with overlapping part-time and contract gigs",
        effort=(4, 2), career="freelance", career_years=(4, 25), max_jobs=10,
        occupations=("design", "software", "marketing", "data", "finance", "education"),
        local=0.4, far_away=False, connections=(450, 0.9), follower_ratio=(1.2, 0.4), young_account=0.06,
        photo={"portrait": 0.75, "logo": 0.12, "none": 0.08, "blob": 0.05},
        summary={"freelance": 0.55, "plain": 0.15, "none": 0.2, "polished": 0.1}, headline="freelance",
        note={"none": 0.3, "personal": 0.3, "generic": 0.2, "freelance": 0.2},
        invites=(15, 0.9), acceptance=(5, 4), idk_rate=0.03, posts=(0.3, 15, 1.0),
        description_rate=0.7, polished_text=0.3, skills=(5, 35), recommendations=(0.4, 4),
        shared_context=0.15, oddities={"no_dates": 0.04}),
    Archetype(
        "eager_newcomer", 0, 4, "new to the platform and keen to grow a network: invites strangers with the "
        "template, collects 'I don't know' answers (the seeds' restricted 'new and ambitious networker')",
        effort=(1.5, 4), career="standard", career_years=(0.5, 15), max_jobs=3, occupations=None,
        local=0.5, far_away=False, connections=(40, 1.0), follower_ratio=(1.0, 0.3), young_account=0.8,
        photo={"portrait": 0.55, "none": 0.35, "avatar": 0.1},
        summary={"none": 0.7, "short": 0.2, "plain": 0.1}, headline="thin",
        note={"template": 0.45, "generic": 0.35, "none": 0.2},
        invites=(90, 0.8), acceptance=(2.5, 5), idk_rate=0.05, posts=(0.85, 2, 1.0),
        description_rate=0.3, polished_text=0.3, skills=(0, 10), recommendations=(0.9, 1),
        shared_context=0.05, oddities={"no_dates": 0.05}),
    Archetype(
        "bulk_inviter", 1, 9, "thin account sending the bare template to strangers in bulk",
        effort=(1.5, 5), career="standard", career_years=(1, 20), max_jobs=3, occupations=None,
        local=0.25, far_away=True, connections=(35, 1.1), follower_ratio=(1.0, 0.3), young_account=0.7,
        photo={"none": 0.4, "logo": 0.2, "portrait": 0.25, "avatar": 0.1, "blob": 0.05},
        summary={"none": 0.75, "short": 0.25}, headline="thin",
        note={"template": 0.6, "none": 0.25, "generic": 0.15},
        invites=(160, 0.7), acceptance=(2, 8), idk_rate=0.06, posts=(0.9, 2, 1.0),
        description_rate=0.15, polished_text=0.3, skills=(0, 5), recommendations=(0.95, 1),
        shared_context=0.0, oddities={"no_dates": 0.15}, mimic=0.05),
    Archetype(
        "stolen_photo", 1, 8, "persona (often 'HR in Brazil') wearing an edited stock or celebrity photo",
        effort=(2, 4), career="standard", career_years=(2, 20), max_jobs=4,
        occupations=("hr", "hr", "hr", "sales", "marketing", "finance", "operations"),
        local=0.1, far_away=True, connections=(20, 1.3), follower_ratio=(1.0, 0.3), young_account=0.7,
        photo={"stolen": 0.8, "portrait": 0.2},
        summary={"none": 0.8, "short": 0.15, "polished": 0.05}, headline="thin",
        note={"none": 0.6, "template": 0.25, "generic": 0.15},
        invites=(45, 0.9), acceptance=(2, 6), idk_rate=0.06, posts=(0.9, 2, 1.0),
        description_rate=0.1, polished_text=0.5, skills=(0, 8), recommendations=(0.95, 1),
        shared_context=0.0, oddities={"no_dates": 0.25, "hs_masters": 0.15, "overlap": 0.05}, mimic=0.2),
    Archetype(
        "polished_persona", 1, 9, "LLM-written persona: rich, upbeat text, plausible career, few connections",
        effort=(7, 2), career="polished", career_years=(5, 20), max_jobs=3, occupations=None,
        local=0.2, far_away=False, connections=(350, 0.7), follower_ratio=(2.5, 0.5), young_account=0.55,
        photo={"portrait": 0.93, "none": 0.05, "stolen": 0.02},
        summary={"polished": 0.6, "none": 0.4}, headline="polished",
        note={"polished": 0.35, "generic": 0.2, "none": 0.35, "template": 0.1},
        invites=(30, 0.9), acceptance=(3, 5), idk_rate=0.03, posts=(0.55, 5, 1.0),
        description_rate=0.95, polished_text=0.9, skills=(3, 8), recommendations=(0.75, 1),
        shared_context=0.03, oddities={"overlap": 0.03}, mimic=0.35),
    Archetype(
        "company_page", 1, 4, "a company posing as a person: organisation name, logo, pitches",
        effort=(3, 3), career="company", career_years=(1, 15), max_jobs=1, occupations=("marketing", "sales"),
        local=0.3, far_away=False, connections=(200, 1.2), follower_ratio=(3.0, 0.8), young_account=0.4,
        photo={"logo": 0.85, "portrait": 0.07, "none": 0.08},
        summary={"company": 0.8, "none": 0.2}, headline="company",
        note={"company": 0.35, "sales": 0.15, "template": 0.3, "none": 0.2},
        invites=(60, 0.9), acceptance=(2, 6), idk_rate=0.05, posts=(0.3, 30, 1.0),
        description_rate=0.5, polished_text=0.6, skills=(0, 10), recommendations=(0.85, 1),
        shared_context=0.0, oddities={}, mimic=0.1),
    Archetype(
        "sales_spam", 1, 6, "lead-generation spammer: pitches and requests for phone numbers",
        effort=(3, 3), career="standard", career_years=(1, 20), max_jobs=4, occupations=("sales", "marketing"),
        local=0.3, far_away=True, connections=(700, 1.0), follower_ratio=(1.2, 0.4), young_account=0.45,
        photo={"portrait": 0.6, "none": 0.15, "logo": 0.12, "blob": 0.05, "avatar": 0.05, "stolen": 0.03},
        summary={"sales_spam": 0.65, "none": 0.2, "polished": 0.15}, headline="sales_spam",
        note={"sales": 0.45, "harvest": 0.3, "generic": 0.15, "template": 0.1},
        invites=(140, 0.7), acceptance=(2, 6), idk_rate=0.06, posts=(0.3, 25, 1.0),
        description_rate=0.4, polished_text=0.6, skills=(2, 20), recommendations=(0.8, 1.5),
        shared_context=0.0, oddities={"overlap": 0.05, "no_dates": 0.1}, mimic=0.1),
    Archetype(
        "timeline_oddity", 1, 2.5, "invented career that does not add up: overlapping jobs, missing dates",
        effort=(3, 3), career="standard", career_years=(3, 25), max_jobs=6, occupations=None,
        local=0.3, far_away=True, connections=(90, 1.0), follower_ratio=(1.0, 0.3), young_account=0.5,
        photo={"portrait": 0.6, "none": 0.25, "stolen": 0.1, "avatar": 0.05},
        summary={"none": 0.5, "short": 0.2, "plain": 0.15, "polished": 0.15}, headline="thin",
        note={"none": 0.4, "template": 0.3, "generic": 0.3},
        invites=(25, 1.0), acceptance=(3, 5), idk_rate=0.04, posts=(0.7, 3, 1.0),
        description_rate=0.3, polished_text=0.4, skills=(0, 15), recommendations=(0.85, 1),
        shared_context=0.0, oddities={"overlap": 0.6, "no_dates": 0.5, "hs_masters": 0.35}, mimic=0.3),
)}

# --------------------------------------------------------------------------------------------------
# Drawing records
# --------------------------------------------------------------------------------------------------

_CITY_BY_NAME: dict[str, City] = {city.name: city for city in CITIES}
_CITIES_BY_COUNTRY: dict[str, tuple[tuple[City, ...], tuple[float, ...]]] = {
    country: (cities, tuple(itertools.accumulate(city.weight for city in cities)))
    for country in dict.fromkeys(city.country for city in CITIES)
    for cities in [tuple(city for city in CITIES if city.country == country)]
}
_CITY_CUMULATIVE: tuple[float, ...] = tuple(itertools.accumulate(city.weight for city in CITIES))
_ARCHETYPE_WEIGHTS: dict[str, float] = {name: arch.weight for name, arch in ARCHETYPES.items()}
_ORDINARY = ARCHETYPES["ordinary"]
_GAPS: tuple[int, ...] = (1, 1, 1, 1, 2, 2, 3, 4, 6, 10)
_PCTS: tuple[int, ...] = (12, 15, 20, 25, 30, 35, 40, 50, 60)
_STUDENT_JOBS: tuple[str, ...] = ("Barista", "Retail Associate", "Teaching Assistant", "Student Ambassador",
                                  "Tutor", "Library Assistant")
_FOUNDER_TITLES: tuple[str, ...] = ("Founder", "Owner", "Managing Director", "CEO & Founder", "Director")
_MASTERS: tuple[str, ...] = ("Master's degree", "MBA", "Master of Science (MSc)", "Master of Arts (MA)")


@dataclass(frozen=True)
class _PhotoSpec:
    """What picture a profile shows; drawn into a file only by :func:`generate`."""

    kind: str
    seed: int
    ext: str
    known: int = -1
    text: str = ""


@dataclass
class _Job:
    title: str | None
    company: str | None
    location: str | None
    start: int | None
    end: int | None
    employment_type: str | None
    description: str | None = None


_PICK_CACHE: dict[int, tuple[Mapping[str, float], tuple[str, ...], list[float]]] = {}


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    """One key of ``weights`` (a table that lives as long as the module), with probability ∝ its value."""
    cached = _PICK_CACHE.get(id(weights))
    if cached is None or cached[0] is not weights:
        cumulative = list(itertools.accumulate(weights.values()))
        cached = _PICK_CACHE[id(weights)] = (weights, tuple(weights), cumulative)
    _, keys, cumulative = cached
    return keys[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def _one(rng: random.Random, options: Sequence[Any]) -> Any:
    """A uniformly chosen element (faster than ``Random.choice``, which matters at 100,000 profiles)."""
    return options[int(rng.random() * len(options))]


def _sample(rng: random.Random, options: Sequence[Any], k: int) -> list[Any]:
    """``k`` distinct elements in random order (a partial Fisher-Yates shuffle; ``k`` is capped)."""
    items = list(options)
    k = min(k, len(items))
    for i in range(k):
        j = i + int(rng.random() * (len(items) - i))
        items[i], items[j] = items[j], items[i]
    return items[:k]


def _int(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in ``[low, high]``."""
    return low + int(rng.random() * (high - low + 1))


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(sigma * rng.gauss(0.0, 1.0))


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0:
        return 0
    if n < 12:
        return sum(rng.random() < p for _ in range(n))
    return min(n, max(0, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p)) + 1e-9))))


def _month(number: int, year_only: bool = False) -> str:
    """A month number as the schema's ``YYYY-MM`` (or ``YYYY``)."""
    return f"{number // 12:04d}" if year_only else f"{number // 12:04d}-{number % 12 + 1:02d}"


def _weighted_city(rng: random.Random, cities: tuple[City, ...], cumulative: tuple[float, ...]) -> City:
    return cities[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def _city_in(rng: random.Random, country: str) -> City:
    cities, cumulative = _CITIES_BY_COUNTRY[country]
    return cities[0] if len(cities) == 1 else _weighted_city(rng, cities, cumulative)


def _any_city(rng: random.Random) -> City:
    return _weighted_city(rng, CITIES, _CITY_CUMULATIVE)


def _place(rng: random.Random, city: City) -> str:
    """How a person writes where they are: usually a variant of the city, sometimes just the country."""
    if city.country in COUNTRY_ALIASES and rng.random() < 0.05:
        return _one(rng, COUNTRY_ALIASES[city.country])
    return _one(rng, city.variants)


def _person_name(rng: random.Random, culture: str, *, native: float, decorate: float) -> str:
    given, family, natives = NAMES[culture]
    if natives and rng.random() < native:
        return _one(rng, natives)
    first, last = _one(rng, given), _one(rng, family)
    if culture in ("chinese", "korean", "vietnamese") and rng.random() < 0.3:
        name = f"{last} {first}"
    elif culture == "indonesian" and rng.random() < 0.2:
        name = first
    elif culture in ("hispanic", "lusophone") and rng.random() < 0.3:
        name = f"{first} {last} {_one(rng, family)}"
    elif culture == "anglo" and rng.random() < 0.06:
        name = f"{first} {_one(rng, 'ABCDEJKLMRST')}. {last}"
    else:
        name = f"{first} {last}"
    if rng.random() < decorate:
        name += _one(rng, NAME_SUFFIXES)
    return name


def _org_name(rng: random.Random) -> tuple[str, str]:
    """A company's name as it poses as a person, and the same without its legal suffix."""
    base = f"{_one(rng, ORG_NAME_A)} {_one(rng, ORG_NAME_B)}"
    suffix = _one(rng, ORG_SUFFIX)
    return (f"{base} {suffix}" if suffix else base), base


def _degree(rng: random.Random, level: str, country: str) -> str:
    local = LOCAL_DEGREES.get(country, {}).get(level)
    return _one(rng, local) if local and rng.random() < 0.5 else _one(rng, DEGREES[level])


def _company(rng: random.Random, country: str, invented: float = 0.0) -> str:
    """An employer: a big local or global name, a small local firm, or an invented upbeat one."""
    roll = rng.random()
    if roll < invented:
        return _one(rng, INVENTED_A) + _one(rng, INVENTED_B)
    roll = rng.random()
    if roll < 0.5 and country in COMPANIES:
        return _one(rng, COMPANIES[country])
    if roll < 0.75:
        return f"{_one(rng, SMALL_FIRM_A)} {_one(rng, SMALL_FIRM_B)}" + (
            LEGAL_SUFFIX.get(country, "") if rng.random() < 0.4 else "")
    if roll < 0.8:
        return _one(rng, INVENTED_A) + _one(rng, INVENTED_B)
    return _one(rng, GLOBAL_COMPANIES)


def _fill(template: str, slots: Mapping[str, Any]) -> str:
    return template.format_map(slots)


def _sentences(rng: random.Random, pool: Sequence[str], k: int, slots: Mapping[str, Any], sep: str = " ") -> str:
    k = min(max(1, k), len(pool))
    picked: list[int] = []
    while len(picked) < k:  # k is small next to the pool, so rejection is cheaper than Random.sample
        index = int(rng.random() * len(pool))
        if index not in picked:
            picked.append(index)
    chosen = [pool[index] for index in picked]
    return sep.join(_fill(t, slots) for t in chosen)


@dataclass
class _Draft:
    """Everything drawn so far for one profile; the helpers below read and extend it."""

    rng: random.Random
    arch: Archetype
    nums: Archetype
    effort: float
    occ: Occupation
    occ_key: str
    country: str
    city: City
    edu_country: str
    year_only: bool
    fills_type: bool
    desc_rate: float
    polished: bool
    invented: float
    first_start: int = _NOW
    grad_month: int | None = None


def _job_location(d: _Draft, country: str, city: City) -> str | None:
    rng = d.rng
    if rng.random() < 0.1 + 0.3 * (1 - d.effort):
        return None
    if rng.random() < 0.03:
        return "Remote"
    return _place(rng, city if rng.random() < 0.65 else _city_in(rng, country))


def _employment_type(d: _Draft, default: str = "full-time") -> str | None:
    rng = d.rng
    if not d.fills_type and rng.random() > 0.1:
        return None
    roll = rng.random()
    return default if roll < 0.9 else ("contract" if roll < 0.96 else "part-time")


def _description(d: _Draft, slots: _Slots) -> str | None:
    rng = d.rng
    if rng.random() >= d.desc_rate:
        return None
    skill = _one(rng, d.occ.skills)
    # Each job gets its own topic, skills and numbers (later texts may reuse the last job's: harmless).
    slots.update(topic=_one(rng, d.occ.topics), skill=skill, Skill=skill, skill2=_other(rng, d.occ.skills, skill),
                 k=_int(rng, 2, 14), pct=_one(rng, _PCTS))
    slots.pop("topic2", None)
    slots.pop("Topic", None)
    if d.polished:
        k = _int(rng, 1, 3)
        sep = _one(rng, (" ", " ", "• ", "\n• "))
        text = _sentences(rng, POLISHED_DESCRIPTIONS, k, slots, sep)
        return ("• " + text) if sep.endswith("• ") else text
    return _sentences(rng, PLAIN_DESCRIPTIONS, 1 + int(rng.random() * 2.5 * d.effort), slots)


def _title(d: _Draft, level: int) -> str:
    titles = d.occ.titles[0 if level < 0 else (3 if level > 3 else level)]
    return titles[int(d.rng.random() * len(titles))]


def _spans(rng: random.Random, first: int, tenure: float, clean: bool) -> list[tuple[int, int | None]]:
    """Consecutive (start, end) months from ``first`` to now; ``end`` None for a current job."""
    spans: list[tuple[int, int | None]] = []
    month = first
    while month < _NOW:
        duration = int(min(200, max(4, _lognormal(rng, tenure, 0.3 if clean else 0.6))))
        end = month + duration - 1
        if end >= _NOW:
            spans.append((month, None))
            break
        spans.append((month, end))
        if clean:
            gap = 1
        else:
            gap = _one(rng, _GAPS)
            if rng.random() < 0.12:
                gap = _one(rng, (0, -1))  # a month or two of overlap when changing jobs
        month = end + gap
    return spans


def _n_listed(d: _Draft, n: int) -> int:
    """How many of ``n`` jobs a person lists: all of them if careful, else the most recent few."""
    keep = n if d.rng.random() < 0.25 + 0.55 * d.effort else _int(d.rng, min(1, n), n)
    return min(keep, d.nums.max_jobs)


def _standard_jobs(d: _Draft, years: float, slots: _Slots, *, tenure: float = 28.0, clean: bool = False,
                   move: tuple[int, str, City] | None = None, listed_only: bool = True) -> list[_Job]:
    """A career of consecutive jobs, most recent first.

    ``move`` = (month, old country, old city) for people who relocated. With ``listed_only`` only the
    jobs the person lists are drawn in full (see :func:`_n_listed`); the career still starts at
    ``d.first_start``.
    """
    rng = d.rng
    first = _NOW - max(3, int(years * 12))
    d.first_start = first
    spans = _spans(rng, first, tenure, clean)
    levels, level = [], 0
    for start, _ in spans:  # seniority grows with experience, with the odd step down
        drawn = int(((start - first) / 12 + rng.uniform(0, 4)) / 6)
        level = drawn if rng.random() < 0.08 else max(level, drawn)
        levels.append(level)
    listed = list(zip(spans, levels, strict=True))[::-1]
    if listed_only:
        listed = listed[: _n_listed(d, len(listed))]
    jobs = []
    for (start, end), level in listed:
        country, city = d.country, d.city
        if move is not None and start < move[0]:
            country, city = move[1], move[2]
        jobs.append(_Job(_title(d, level), _company(rng, country, d.invented), _job_location(d, country, city),
                         start, end, _employment_type(d), _description(d, slots)))
    return jobs


def _graduate_jobs(d: _Draft, slots: _Slots) -> list[_Job]:
    rng = d.rng
    grad = _NOW - _int(rng, -10, 30)
    d.grad_month = grad
    d.first_start = grad - 30
    jobs = []
    for _ in range(_int(rng, 1, 3)):
        start = grad - _int(rng, 3, 30)
        if start >= _NOW:
            continue
        end = start + _int(rng, 2, 6) - 1
        jobs.append(_Job(d.occ.intern, _company(d.rng, d.country), _job_location(d, d.country, d.city), start,
                         None if end >= _NOW else end, "internship" if rng.random() < 0.8 else None,
                         _description(d, slots)))
    if rng.random() < 0.3:
        start = grad - _int(rng, 12, 40)
        end = start + _int(rng, 6, 24)
        jobs.append(_Job(_one(rng, _STUDENT_JOBS), _company(rng, d.country), None, start,
                         None if end >= _NOW else end, "part-time" if rng.random() < 0.6 else None, None))
    if grad < _NOW - 2 and rng.random() < 0.6:
        start = grad + _int(rng, 0, 6)
        if start < _NOW:
            jobs.append(_Job(_title(d, 0), _company(rng, d.country), _job_location(d, d.country, d.city), start,
                             None, _employment_type(d), _description(d, slots)))
    return jobs


_GIG_TYPES: tuple[str, ...] = ("freelance", "self-employed", "contract", "part-time")


def _freelance_jobs(d: _Draft, years: float, slots: _Slots) -> list[_Job]:
    rng = d.rng
    free_start = _NOW - int(rng.uniform(1, min(years, 10)) * 12)
    jobs = []
    for job in _standard_jobs(d, years, slots, listed_only=False):
        if job.start is not None and job.start < free_start - 2:
            if job.end is None or job.end >= free_start:
                job.end = free_start - 1 + _one(rng, (0, 0, 1, 2))
            jobs.append(job)
    for gig in range(_int(rng, 2, 4)):
        start = _int(rng, free_start, _NOW - 2)
        end = start + int(max(2, _lognormal(rng, 14, 0.7))) - 1
        current = gig == 0 or end >= _NOW or rng.random() < 0.3
        title = _one(rng, ("Freelance {t}", "{t} (Freelance)", "Independent Consultant", "{t}", "Contract {t}"))
        company = _one(rng, ("Self-employed", "Freelance", _company(rng, d.country), _company(rng, d.country)))
        etype = _one(rng, _GIG_TYPES) if rng.random() < 0.75 else None
        jobs.append(_Job(title.format(t=_title(d, 1 + (gig % 2))), company, _job_location(d, d.country, d.city),
                         start, None if current else end, etype, _description(d, slots)))
    return jobs


def _company_jobs(d: _Draft, org: str, slots: _Slots) -> list[_Job]:
    rng = d.rng
    d.first_start = _NOW - _int(rng, 12, 180)
    if rng.random() < 0.4:
        return []
    text = _sentences(rng, COMPANY_SUMMARY, 2, slots) if rng.random() < d.desc_rate else None
    return [_Job(_one(rng, _FOUNDER_TITLES), org, _place(rng, d.city) if rng.random() < 0.6 else None,
                 d.first_start, None, "self-employed" if rng.random() < 0.4 else None, text)]


def _add_overlap(d: _Draft, jobs: list[_Job], slots: _Slots) -> None:
    """A second full-time job held at the same time as another for 8-30 months."""
    rng = d.rng
    dated = [job for job in jobs if job.start is not None]
    if not dated:
        return
    base = _one(rng, dated[:2])
    base.employment_type = "full-time"
    start = min(_NOW - 3, (base.start or _NOW) + _int(rng, 0, 6))
    end = start + _int(rng, 8, 30) - 1
    jobs.append(_Job(_title(d, _int(rng, 1, 2)), _company(rng, d.country, d.invented),
                     _job_location(d, d.country, d.city), start, None if end >= _NOW else end, "full-time",
                     _description(d, slots)))


def _education(d: _Draft, *, bachelor_end: int, p_master: float, present: float) -> list[dict[str, Any]]:
    """Degrees, most recent first; dates mostly year-only as LinkedIn shows them."""
    rng = d.rng
    if rng.random() >= present:
        return []
    year_only = rng.random() < 0.7
    sloppy = 0.3 * (1 - d.effort)
    country = d.edu_country
    entries: list[tuple[int, dict[str, Any]]] = []

    def add(school: str, degree: str | None, field: str | None, start: int, end: int, where: str) -> None:
        undated = rng.random() < sloppy
        entries.append((start, {
            "school": school,
            "degree": None if rng.random() < sloppy * 0.5 else degree,
            "field": None if rng.random() < sloppy else field,
            "start": None if undated else _month(start, year_only),
            "end": None if undated else _month(end, year_only),
            "location": _place(rng, _city_in(rng, where)) if rng.random() < 0.3 else None,
        }))

    bachelor_start = bachelor_end - 12 * _int(rng, 3, 5)
    add(_one(rng, UNIVERSITIES[country]), _degree(rng, "bachelor", country), _one(rng, d.occ.degree_fields),
        bachelor_start, bachelor_end, country)
    if rng.random() < p_master:
        where = d.country if (country != d.country and rng.random() < 0.5) else country
        start = bachelor_end + 1 + 12 * int(rng.random() ** 2 * 6)
        if start < _NOW - 6:
            end = start + 12 * _one(rng, (1, 2, 2)) - 1
            add(_one(rng, UNIVERSITIES[where]), _degree(rng, "master", where), _one(rng, d.occ.degree_fields),
                start, end, where)
            if rng.random() < 0.08 and end < _NOW - 48:
                add(_one(rng, UNIVERSITIES[where]), _one(rng, DEGREES["phd"]), _one(rng, d.occ.degree_fields),
                    end + 1, end + 48, where)
    if rng.random() < 0.12:
        schools = HIGH_SCHOOLS.get(country, (f"{_city_in(rng, country).name} International School",))
        add(_one(rng, schools), _degree(rng, "school", country) if rng.random() < 0.6 else None, None,
            bachelor_start - 36, bachelor_start - 1, country)
    if rng.random() < 0.15 * d.effort:
        start = bachelor_end + _int(rng, 6, 120)
        if start < _NOW:
            add(_one(rng, ONLINE_SCHOOLS), _one(rng, DEGREES["certificate"]), _one(rng, d.occ.skills),
                start, start + _int(rng, 1, 6), d.country)
    entries.sort(key=lambda item: -item[0])
    return [entry for _, entry in entries]


def _hs_masters(d: _Draft, recipient_country: str, after: int) -> dict[str, Any]:
    """The seeds' tell: a Master's degree from a secondary school (often one in the target's city)."""
    rng = d.rng
    country = recipient_country if (recipient_country in HIGH_SCHOOLS and rng.random() < 0.5) else d.country
    schools = HIGH_SCHOOLS.get(country) or HIGH_SCHOOLS["Canada"]
    start = min(_NOW - 14, after + _int(rng, 0, 24))
    return {"school": _one(rng, schools), "degree": _one(rng, _MASTERS), "field": _one(rng, d.occ.degree_fields),
            "start": _month(start, True), "end": _month(start + 23, True), "location": None}


def _summary(d: _Draft, style: str, slots: Mapping[str, Any]) -> str | None:
    rng = d.rng
    if style == "none":
        return None
    if style == "short":
        return _fill(_one(rng, SHORT_SUMMARY), slots)
    pools = {"plain": PLAIN_SUMMARY, "polished": POLISHED_SUMMARY, "graduate": GRADUATE_SUMMARY,
             "recruiter": RECRUITER_SUMMARY, "lion": LION_SUMMARY, "freelance": FREELANCE_SUMMARY,
             "sales_spam": SALES_SPAM_SUMMARY, "company": COMPANY_SUMMARY}
    k = 1 + int(rng.random() * 5 * d.effort) if style == "plain" else _int(rng, 2, 5)
    sep = "\n\n" if rng.random() < 0.2 else " "
    text = _sentences(rng, pools[style], k, slots, sep)
    if style == "plain" and rng.random() < 0.1:
        text = text.lower()
    return text


def _headline(d: _Draft, style: str, slots: Mapping[str, Any]) -> str | None:
    rng = d.rng
    if rng.random() < 0.03:
        return None
    title, company = slots["listed_title"], slots["current_company"]
    if style == "graduate":
        options = ("Aspiring {title} | {degree_field} Graduate", "{degree_field} student at {school}",
                   "{intern} at {current_company}", "Recent Graduate | Open to Work", "{title} at {current_company}")
    elif style == "lion":
        options = ("{title} | LION | Open Networker | {k}K+ connections", "Open Networker (LION) 🦁 {k}K+ | {title}",
                   "{title} at {current_company} | LION")
    elif style == "recruiter":
        options = ("{title} at {current_company} | We're hiring!",
                   "Tech Recruiter | Connecting talent with opportunity",
                   "{title} | {region}", "{title} at {current_company}")
    elif style == "sales":
        options = ("{title} at {current_company}", "{title} | Helping {field} teams grow revenue",
                   "{title} | SaaS | {region}")
    elif style == "freelance":
        options = ("Freelance {role} | Available for projects", "{role} (Freelance) | {skill} | {skill2}",
                   "Independent {role}", "{title} at {current_company}")
    elif style == "polished":
        options = ("{title} at {current_company} | {tail}", "{title} | {tail} | {tail2}",
                   "{title} at {current_company}")
    elif style == "sales_spam":
        options = ("Helping {field} companies get more clients 🚀 | Lead Generation | Growth",
                   "B2B Lead Generation Expert | 10x your pipeline | DM me", "{title} | Growth Hacker | {product}")
    elif style == "company":
        options = ("{service} | {service2} | Call us today", "Leading {service} company in {city}",
                   "{org} - {service} experts")
    elif style == "thin":
        if title is None:
            return None
        options = ("{title} at {current_company}", "{title}", "{title}")
    else:
        options = ("{title} at {current_company}", "{title} at {current_company}", "{title} @ {current_company}",
                   "{title} | {Topic} | {motto}", "{title}")
    template = _one(rng, options)
    if (title is None and "{title}" in template) or (company is None and "{current_company}" in template):
        return title
    return _fill(template, slots)


def _note_kind(kind: str, occ_key: str) -> str:
    if kind == "pitch":
        return "recruiter" if occ_key == "hr" else "sales"
    return kind


def _other(rng: random.Random, options: Sequence[Any], taken: Any) -> Any:
    """A uniformly chosen element different from ``taken`` (``options`` has at least two)."""
    index = int(rng.random() * (len(options) - 1))
    return options[index + 1] if options[index] == taken else options[index]


def _email(name: str) -> str:
    local = name.split(",")[0].split("(")[0].split("|")[0].strip().lower()
    user = ".".join(part for part in local.split() if part.isascii() and part.isalpha())
    return f"{user or 'networker'}@gmail.com"


#: How each ``{slot}`` of the text templates is drawn, on first use.
_SLOT_MAKERS: dict[str, Any] = {
    "topic": lambda d, s: _one(d.rng, d.occ.topics),
    "topic2": lambda d, s: _other(d.rng, d.occ.topics, s["topic"]),
    "Topic": lambda d, s: s["topic"][:1].upper() + s["topic"][1:],
    "skill": lambda d, s: _one(d.rng, d.occ.skills),
    "skill2": lambda d, s: _other(d.rng, d.occ.skills, s["skill"]),
    "Skill": lambda d, s: s["skill"],
    "k": lambda d, s: _int(d.rng, 2, 30),
    "pct": lambda d, s: _one(d.rng, _PCTS),
    "metric": lambda d, s: _one(d.rng, METRICS),
    "dept": lambda d, s: _one(d.rng, DEPARTMENTS),
    "region": lambda d, s: _one(d.rng, REGIONS),
    "title": lambda d, s: _title(d, 1),
    "prev_title": lambda d, s: _title(d, 0),
    "role": lambda d, s: _title(d, _int(d.rng, 1, 2)),
    "opening": lambda d, s: _one(d.rng, OCCUPATIONS[_pick(d.rng, OCCUPATION_WEIGHTS)].titles[_int(d.rng, 1, 2)]),
    "few": lambda d, s: _int(d.rng, 2, 4),
    "field": lambda d, s: d.occ.label,
    "intern": lambda d, s: d.occ.intern,
    "degree_field": lambda d, s: _one(d.rng, d.occ.degree_fields),
    "city": lambda d, s: d.city.name,
    "other_city": lambda d, s: _any_city(d.rng).name,
    "event": lambda d, s: _one(d.rng, EVENTS),
    "mutual": lambda d, s: _one(d.rng, NAMES["anglo"][0]),
    "client": lambda d, s: _company(d.rng, s["rcountry"]),
    "product": lambda d, s: _one(d.rng, PRODUCTS),
    "service": lambda d, s: _one(d.rng, SERVICES),
    "service2": lambda d, s: _other(d.rng, SERVICES, s["service"]),
    "handle": lambda d, s: "".join(ch for ch in s.get("org_base", s["org"]).lower() if ch.isalnum()) or "contact",
    "email": lambda d, s: _email(s["name"]),
    "phone": lambda d, s: f"{_int(d.rng, 10, 99)} {_int(d.rng, 100, 999)} {_int(d.rng, 1000, 9999)}",
    "year": lambda d, s: _int(d.rng, 1995, 2022),
    "hobby": lambda d, s: _one(d.rng, HOBBIES),
    "languages": lambda d, s: _one(d.rng, LANGUAGES),
    "tail": lambda d, s: _one(d.rng, POLISHED_HEADLINE_TAILS),
    "tail2": lambda d, s: _other(d.rng, POLISHED_HEADLINE_TAILS, s["tail"]),
    "motto": lambda d, s: _one(d.rng, HEADLINE_TOPICS),
}


class _Slots(dict):
    """Values for the ``{slot}`` fields of the text templates, each drawn on first use and then kept.

    Drawing lazily keeps generation fast (a profile pays only for the slots its texts use) and stays
    deterministic, because the order of use is itself determined by the seed.
    """

    def __init__(self, draft: _Draft, **fixed: Any) -> None:
        super().__init__(fixed)
        self.draft = draft

    def __missing__(self, key: str) -> Any:
        value = _SLOT_MAKERS[key](self.draft, self)
        self[key] = value
        return value


def _slots(d: _Draft, name: str, org: str, recipient: dict[str, Any], rcity: City) -> _Slots:
    """The profile's template values: who the recipient is, and everything else drawn lazily."""
    rname = recipient["name"] or "there"
    latin = rname.isascii() or all(ord(ch) < 0x0370 for ch in rname)
    return _Slots(
        d, first=rname.split()[0].rstrip(",") if latin else rname, rcompany=recipient["company"] or "your company",
        rcity=rcity.name, rcountry=rcity.country, name=name, org=org, current_company=None, employer="my team",
        prev_company="a startup", years=5, school="university", degree="Bachelor's", shared=None,
    )


def _recipient(rng: random.Random) -> tuple[dict[str, Any], City]:
    city = _CITY_BY_NAME[_pick(rng, RECIPIENT_HUBS)]
    culture = _pick(rng, COUNTRY_CULTURES[city.country])
    occ = OCCUPATIONS[_pick(rng, OCCUPATION_WEIGHTS)]
    company = _company(rng, city.country)
    title = _one(rng, occ.titles[_int(rng, 1, 3)])
    recipient = {
        "name": _person_name(rng, culture, native=0.15, decorate=0.03),
        "headline": f"{title} at {company}" if rng.random() < 0.8 else title,
        "location": _one(rng, city.variants),
        "company": company,
    }
    for key in recipient:
        if rng.random() < 0.03:
            recipient[key] = None
    return recipient, city


def _photo_spec(rng: random.Random, kind: str, initials: str) -> _PhotoSpec | None:
    if kind == "none":
        return None
    known = -1
    if kind == "stolen":
        celebrity = rng.random() < 0.3
        known = N_KNOWN_STOCK + rng.randrange(N_KNOWN_CELEBRITY) if celebrity else rng.randrange(N_KNOWN_STOCK)
    elif kind == "known":
        known = rng.randrange(N_KNOWN_STOCK)
    png = {"logo": 0.6, "avatar": 0.5}.get(kind, 0.05)
    return _PhotoSpec(kind, rng.getrandbits(63), "png" if rng.random() < png else "jpg", known, initials)


def _initials(text: str) -> str:
    letters = [w[0] for w in text.replace("-", " ").split() if w[:1].isalpha()]
    return ("".join(letters[:2]) or "X").upper()


def _home(rng: random.Random, arch: Archetype, rcity: City) -> tuple[str, City, str | None]:
    """Where the sender lives (country and city) and, for people who moved, where they come from."""
    origin: str | None = None
    if arch.career == "relocated":
        origin = _one(rng, EMIGRATION_COUNTRIES)
        if rcity.country in IMMIGRATION_COUNTRIES and rcity.country != origin and rng.random() < arch.local:
            country = rcity.country
        else:
            country = _one(rng, [c for c in IMMIGRATION_COUNTRIES if c != origin])
    elif rng.random() < arch.local:
        country = rcity.country
    elif arch.far_away:
        country = _one(rng, FAR_AWAY_COUNTRIES)
    else:
        country = _any_city(rng).country
    city = rcity if (country == rcity.country and rng.random() < 0.5) else _city_in(rng, country)
    return country, city, origin


def _display_name(rng: random.Random, arch: Archetype, culture: str, org: str) -> str:
    """The name shown: a person's (decorated by some genuine people), or the organisation's."""
    if arch.career == "company":
        return org
    genuine = arch.label == 0
    decorate = 0.06 if arch.name in ("ordinary", "recruiter_sales", "open_networker") else 0.0
    name = _person_name(rng, culture, native=0.25 if genuine else 0.08, decorate=decorate)
    if arch.name == "freelancer" and rng.random() < 0.1:
        name = f"{name} | {_one(rng, SMALL_FIRM_A)} {_one(rng, ('Design', 'Consulting', 'Studio'))}"
    elif arch.name == "bulk_inviter" and rng.random() < 0.1:
        name = name.lower()
    return name


def _career(d: _Draft, years: float, slots: _Slots, org: str, origin: str | None) -> tuple[list[_Job], set[str]]:
    """The listed jobs, most recent first, and the timeline oddities applied to them."""
    rng, arch = d.rng, d.arch
    if arch.career == "graduate":
        jobs = _graduate_jobs(d, slots)
    elif arch.career == "freelance":
        jobs = _freelance_jobs(d, years, slots)
    elif arch.career == "company":
        jobs = _company_jobs(d, org, slots)
    elif arch.career == "polished":
        jobs = _standard_jobs(d, years, slots, tenure=50, clean=True)
    elif arch.career == "relocated" and origin is not None:
        move = _NOW - int(rng.uniform(0.5, max(1.0, years - 1)) * 12)
        jobs = _standard_jobs(d, years, slots, move=(move, origin, _city_in(rng, origin)))
    else:
        jobs = _standard_jobs(d, years, slots)
    jobs.sort(key=lambda job: -(job.start or 0))
    if arch.career in ("graduate", "freelance"):
        jobs = jobs[: _n_listed(d, len(jobs))]
    oddities = {kind for kind, p in arch.oddities.items() if rng.random() < p}
    if arch.name == "timeline_oddity" and not oddities:
        oddities = {_one(rng, ("overlap", "no_dates", "hs_masters"))}
    if "overlap" in oddities:
        _add_overlap(d, jobs, slots)
        jobs.sort(key=lambda job: -(job.start or 0))
    if "no_dates" in oddities and jobs:
        job = jobs[0] if rng.random() < 0.7 else _one(rng, jobs)
        job.start = job.end = None
    return jobs, oddities


def _invitation(d: _Draft, recipient: dict[str, Any], companies: list[str], slots: _Slots) -> dict[str, Any] | None:
    """The invitation: sometimes to a former colleague, with a note of the archetype's kind (or none)."""
    rng, arch = d.rng, d.arch
    genuine = arch.label == 0
    past = companies[1:]
    if genuine and past and rng.random() < arch.shared_context:
        recipient["company"] = _one(rng, past)
        slots["rcompany"] = slots["shared"] = recipient["company"]
    slots["shared"] = slots["shared"] or slots["prev_company"] or slots["school"]
    kind = _note_kind(_pick(rng, arch.note), d.occ_key)
    message = None if kind == "none" else _fill(_one(rng, NOTES[kind]), slots)
    if message is not None and genuine and kind == "personal" and rng.random() < 0.08:
        message = message.lower()
    return {"message": message, "recipient": recipient} if rng.random() < 0.9 else None


def _numbers(d: _Draft) -> dict[str, Any]:
    """Connections, followers, account creation, activity, skills and recommendations."""
    rng, arch, nums, effort = d.rng, d.arch, d.nums, d.effort
    true_connections = _lognormal(rng, nums.connections[0] * (0.4 + 1.2 * effort), nums.connections[1])
    if arch.name == "open_networker":
        true_connections = max(true_connections, rng.uniform(500, 1500))
    connections = min(30_000, max(0, round(true_connections)))
    followers = round(true_connections * _lognormal(rng, *nums.follower_ratio)) + _poisson(rng, 3)
    if arch.name in ("ordinary", "relocated") and rng.random() < 0.04:
        followers *= _int(rng, 3, 20)  # the odd genuine person with an audience
    if connections > 500 and rng.random() < 0.3:
        connections = 500  # shown as "500+"
    if rng.random() < nums.young_account:
        created = _NOW - _int(rng, 1, 30)
    else:
        anchor = max(_LAUNCH, d.first_start - _int(rng, 0, 36))
        created = min(_NOW - 1, anchor + int(rng.expovariate(1 / 30)))
    sent = round(_lognormal(rng, *nums.invites))
    accepted = _binomial(rng, sent, rng.betavariate(*nums.acceptance))
    idk = _poisson(rng, (sent - accepted) * nums.idk_rate * rng.uniform(0.5, 3.0))
    posts = 0 if rng.random() < nums.posts[0] else round(_lognormal(rng, nums.posts[1], nums.posts[2]))
    activity: dict[str, Any] | None = {
        "invitations_sent_30d": sent, "invitations_accepted_30d": accepted, "idk_reports": idk, "posts": posts,
    }
    for key in activity:
        if rng.random() < 0.05:
            activity[key] = None
    if rng.random() < 0.08:
        activity = None
    n_skills = round(nums.skills[0] + (nums.skills[1] - nums.skills[0]) * effort * rng.uniform(0.4, 1.2))
    if rng.random() < 0.2:
        n_skills = _int(rng, 0, 3)  # never filled the section in
    pool = d.occ.skills + SOFT_SKILLS
    skills = _sample(rng, pool, n_skills) if n_skills > 0 else ([] if rng.random() < 0.5 else None)
    if skills is not None and n_skills > len(pool):  # long lists wander into a neighbouring line of work
        extra = OCCUPATIONS[_pick(rng, OCCUPATION_WEIGHTS)].skills
        skills = list(dict.fromkeys(skills + _sample(rng, extra, n_skills - len(pool))))
    recs = 0 if rng.random() < nums.recommendations[0] else 1 + _poisson(rng, nums.recommendations[1] * effort)
    return {
        "connections": connections,
        "followers": None if rng.random() < 0.1 else followers,
        "skills": skills,
        "recommendations": None if rng.random() < 0.05 else recs,
        "created_at": None if rng.random() < 0.1 else _month(max(_LAUNCH, created)),
        "activity": activity,
    }


def _draw_profile(seed: int, index: int) -> tuple[dict[str, Any], _PhotoSpec | None]:
    """Profile ``index`` of the data set ``seed`` (independent of how many profiles are drawn)."""
    rng = random.Random((seed << 40) + index)
    arch = ARCHETYPES[_pick(rng, _ARCHETYPE_WEIGHTS)]
    nums = _ORDINARY if rng.random() < arch.mimic else arch  # where the numbers come from
    effort = rng.betavariate(*nums.effort)
    recipient, rcity = _recipient(rng)
    occ_key = _one(rng, arch.occupations) if arch.occupations else _pick(rng, OCCUPATION_WEIGHTS)
    country, city, origin = _home(rng, arch, rcity)
    culture = _pick(rng, COUNTRY_CULTURES[origin or country])
    edu_country = origin or (_one(rng, IMMIGRATION_COUNTRIES) if rng.random() < 0.06 else country)
    d = _Draft(rng, arch, nums, effort, OCCUPATIONS[occ_key], occ_key, country, city,
               edu_country if edu_country in UNIVERSITIES else country,
               year_only=rng.random() < 0.1, fills_type=rng.random() < 0.65,
               desc_rate=arch.description_rate * (0.25 + 0.75 * effort),
               polished=rng.random() < arch.polished_text,
               invented=0.65 if arch.career == "polished" else 0.0)
    org, org_base = _org_name(rng)
    name = _display_name(rng, arch, culture, org)
    slots = _slots(d, name, org, recipient, rcity)
    slots["org_base"] = org_base

    jobs, oddities = _career(d, rng.uniform(*nums.career_years), slots, org, origin)
    companies = [job.company for job in jobs if job.company]
    slots["current_company"] = companies[0] if companies else None
    slots["employer"] = companies[0] if companies else "my team"
    slots["prev_company"] = companies[1] if len(companies) > 1 else (companies[0] if companies else "a startup")
    slots["listed_title"] = jobs[0].title if jobs else None  # None: the headline has no job to name
    if slots["listed_title"]:
        slots["title"] = slots["listed_title"]
    slots["years"] = max(1, (_NOW - d.first_start) // 12)

    if arch.career == "graduate" and d.grad_month is not None:
        education = _education(d, bachelor_end=d.grad_month, p_master=0.2, present=0.97)
    elif arch.career == "company":
        education = []
    else:
        thin = arch.label == 1 and arch.career != "polished"
        education = _education(d, bachelor_end=d.first_start + _int(rng, -8, 4),
                               p_master=0.75 if arch.career == "polished" else (0.1 if thin else 0.3),
                               present=(0.3 + 0.6 * effort) if thin else 0.95)
    if "hs_masters" in oddities:
        education.insert(0, _hs_masters(d, rcity.country, d.first_start))
    if education:
        slots["school"] = education[-1]["school"]
        slots["degree"] = (education[0]["degree"] or "Bachelor's").split(" (")[0]

    invitation = _invitation(d, recipient, companies, slots)
    numbers = _numbers(d)
    summary_style = _pick(rng, arch.summary)
    if summary_style == "pitch":
        summary_style = "recruiter" if occ_key == "hr" else "polished"
    if effort < 0.25 and rng.random() < 0.5:
        summary_style = "none"
    summary = _summary(d, summary_style, slots)
    headline_style = arch.headline
    if headline_style == "pitch":
        headline_style = "recruiter" if occ_key == "hr" else "sales"
    headline = _headline(d, headline_style, slots)
    location = None if rng.random() < 0.03 else _place(rng, city)
    spec = _photo_spec(rng, _pick(rng, arch.photo), _initials(name))
    label = arch.label if rng.random() >= LABEL_NOISE else 1 - arch.label
    profile = {
        "id": f"p{index:06d}",
        "name": name,
        "headline": headline,
        "summary": summary,
        "location": location,
        "connections": numbers["connections"],
        "followers": numbers["followers"],
        "photo": None,
        "has_photo": spec is not None and spec.kind != "avatar",
        "experience": [_job_dict(job, d.year_only) for job in jobs] or None,
        "education": education or None,
        "skills": numbers["skills"],
        "recommendations": numbers["recommendations"],
        "created_at": numbers["created_at"],
        "observed_at": OBSERVED_AT,
        "activity": numbers["activity"],
        "invitation": invitation,
        "label": label,
        "archetype": arch.name,
    }
    if rng.random() < SCRAPED_SHARE:
        profile.update(photo=None, created_at=None, activity=None, invitation=None)
        spec = None
    return profile, spec


def _job_dict(job: _Job, year_only: bool) -> dict[str, Any]:
    return {
        "title": job.title,
        "company": job.company,
        "location": job.location,
        "start": None if job.start is None else _month(job.start, year_only),
        "end": None if job.end is None else _month(job.end, year_only),
        "employment_type": job.employment_type,
        "description": job.description,
    }

# --------------------------------------------------------------------------------------------------
# Drawing pictures
# --------------------------------------------------------------------------------------------------

SKIN_TONES: tuple[tuple[int, int, int], ...] = (
    (255, 224, 196), (241, 194, 160), (224, 172, 105), (198, 134, 66), (141, 85, 36), (92, 58, 38),
    (255, 205, 178), (234, 192, 134), (170, 110, 70), (120, 75, 50),
)
HAIR_COLOURS: tuple[tuple[int, int, int], ...] = (
    (20, 16, 14), (59, 42, 30), (110, 72, 40), (170, 120, 60), (222, 190, 120), (140, 140, 140),
    (205, 205, 205), (120, 30, 20), (35, 30, 40),
)
_WARHOL_PALETTES: tuple[tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]], ...] = (
    ((255, 0, 128), (255, 230, 0), (0, 200, 255)), ((0, 160, 80), (255, 120, 0), (250, 250, 250)),
    ((120, 0, 200), (0, 255, 180), (255, 255, 120)), ((255, 60, 0), (40, 40, 255), (255, 200, 220)),
)


def _colour(g: np.random.Generator, low: int = 0, high: int = 256) -> tuple[int, int, int]:
    r, gr, b = (int(v) for v in g.integers(low, high, size=3))
    return (r, gr, b)


def _jitter(colour: tuple[int, int, int], g: np.random.Generator, amount: int) -> tuple[int, int, int]:
    r, gr, b = (int(np.clip(c + g.integers(-amount, amount + 1), 0, 255)) for c in colour)
    return (r, gr, b)


_BACKDROP_PX = 48  # backgrounds are drawn this small and scaled up: smooth, blurred, and cheap


def _gradient(g: np.random.Generator, size: int, top: tuple[int, int, int], bottom: tuple[int, int, int],
              blobs: int = 0) -> Image.Image:
    """A smooth background: a gradient from ``top`` to ``bottom`` in a random direction, with ``blobs``
    out-of-focus shapes."""
    small = _BACKDROP_PX
    y = np.linspace(-0.5, 0.5, small)[:, None]
    x = np.linspace(-0.5, 0.5, small)[None, :]
    angle = g.uniform(0, 2 * math.pi) if g.random() < 0.5 else g.normal(math.pi / 2, 0.3)
    t = np.clip(0.5 + math.sin(angle) * y + math.cos(angle) * x, 0.0, 1.0)[..., None]
    arr = np.asarray(top, np.float64) * (1 - t) + np.asarray(bottom, np.float64) * t
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(blobs):
        cx, cy, r = g.uniform(0, small), g.uniform(0, small * 0.7), g.uniform(small * 0.05, small * 0.2)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_colour(g, 40, 240))
    if blobs:
        img = img.filter(ImageFilter.GaussianBlur(small / 16))
    return img.resize((size, size), Image.Resampling.BICUBIC)


def _scene(g: np.random.Generator, size: int) -> Image.Image:
    """A blurred setting behind a person: a window, shelves, a horizon or a plain wall with lights."""
    small = _BACKDROP_PX
    kind = int(g.integers(4))
    if kind == 0:
        return _gradient(g, size, _colour(g, 30, 230), _colour(g, 30, 230), blobs=int(g.integers(1, 7)))
    img = _gradient(g, small, _colour(g, 40, 220), _colour(g, 40, 220))
    draw = ImageDraw.Draw(img)
    if kind == 1:  # a window or a doorway
        x0, y0 = g.uniform(-0.2, 0.7) * small, g.uniform(-0.2, 0.4) * small
        w, h = g.uniform(0.25, 0.7) * small, g.uniform(0.3, 0.9) * small
        draw.rectangle([x0, y0, x0 + w, y0 + h], fill=_colour(g, 150, 256))
        if g.random() < 0.6:
            draw.line([x0 + w / 2, y0, x0 + w / 2, y0 + h], fill=_colour(g, 30, 120), width=2)
    elif kind == 2:  # shelves
        colour = _colour(g, 30, 160)
        for _ in range(int(g.integers(2, 6))):
            y = g.uniform(0, small)
            draw.rectangle([0, y, small, y + small * g.uniform(0.03, 0.08)], fill=colour)
        for _ in range(int(g.integers(3, 12))):
            x, y = g.uniform(0, small), g.uniform(0, small)
            draw.rectangle([x, y, x + small * g.uniform(0.03, 0.1), y + small * g.uniform(0.08, 0.2)],
                           fill=_colour(g))
    else:  # outdoors: sky above a horizon
        horizon = g.uniform(0.3, 0.8) * small
        draw.rectangle([0, 0, small, horizon], fill=_jitter((140, 185, 235), g, 40))
        draw.rectangle([0, horizon, small, small], fill=_jitter((90, 130, 80), g, 45))
        for _ in range(int(g.integers(0, 5))):
            x, r = g.uniform(0, small), g.uniform(0.05, 0.2) * small
            draw.ellipse([x - r, horizon - r * 1.6, x + r, horizon + r * 0.4], fill=_jitter((50, 100, 50), g, 30))
    img = img.filter(ImageFilter.GaussianBlur(small / g.uniform(14, 30)))
    return img.resize((size, size), Image.Resampling.BICUBIC)


def _finish(img: Image.Image, g: np.random.Generator, size: int, grain: float) -> Image.Image:
    """Scale a drawing down to ``size`` (which smooths its edges) and add sensor-like grain."""
    img = img.resize((size, size), Image.Resampling.LANCZOS)
    if grain <= 0:
        return img
    noise = g.normal(0.0, grain, size=(size, size, 1)).astype(np.float32)
    return Image.fromarray(np.clip(np.asarray(img, np.float32) + noise, 0, 255).astype(np.uint8), "RGB")


def _draw_person(img: Image.Image, g: np.random.Generator, *, sunglasses: bool = False) -> None:
    """Shoulders, neck, head, hair and a face, drawn on ``img`` with random proportions and colours."""
    s = img.width
    draw = ImageDraw.Draw(img)
    skin = _jitter(SKIN_TONES[int(g.integers(len(SKIN_TONES)))], g, 10)
    shade = tuple(int(c * 0.85) for c in skin)
    hair = _jitter(HAIR_COLOURS[int(g.integers(len(HAIR_COLOURS)))], g, 8)
    shirt = _colour(g, 20, 235)
    cx = s * g.uniform(0.36, 0.64)
    head_w = s * g.uniform(0.2, 0.38)
    head_h = head_w * g.uniform(1.15, 1.35)
    cy = s * g.uniform(0.3, 0.5)
    style = int(g.integers(5))  # 0 short, 1 long, 2 bald, 3 bun, 4 curly
    if style == 1:
        draw.rounded_rectangle([cx - head_w * 0.62, cy - head_h * 0.55, cx + head_w * 0.62, cy + head_h * 0.95],
                               radius=int(head_w * 0.4), fill=hair)
    # shoulders and neck
    draw.ellipse([cx - head_w * g.uniform(1.2, 1.8), cy + head_h * 0.75, cx + head_w * g.uniform(1.2, 1.8),
                  cy + head_h * 0.75 + head_w * 2.6], fill=shirt)
    if g.random() < 0.5:  # open collar or a shirt under a jacket
        collar = (245, 245, 245) if g.random() < 0.6 else skin
        draw.polygon([(cx - head_w * 0.3, cy + head_h * 0.78), (cx + head_w * 0.3, cy + head_h * 0.78),
                      (cx, cy + head_h * 1.25)], fill=collar)
    draw.rectangle([cx - head_w * 0.2, cy + head_h * 0.3, cx + head_w * 0.2, cy + head_h * 0.85], fill=shade)
    # head and ears
    draw.ellipse([cx - head_w * 0.58, cy - head_h * 0.08, cx - head_w * 0.4, cy + head_h * 0.18], fill=shade)
    draw.ellipse([cx + head_w * 0.4, cy - head_h * 0.08, cx + head_w * 0.58, cy + head_h * 0.18], fill=shade)
    draw.ellipse([cx - head_w / 2, cy - head_h / 2, cx + head_w / 2, cy + head_h / 2], fill=skin)
    # hair on top
    if style in (0, 1, 3):
        draw.chord([cx - head_w * 0.54, cy - head_h * 0.6, cx + head_w * 0.54, cy + head_h * 0.15],
                   start=180, end=360, fill=hair)
    elif style == 4:
        for _ in range(14):
            angle = g.uniform(math.pi, 2 * math.pi)
            rx, ry = cx + math.cos(angle) * head_w * 0.5, cy + math.sin(angle) * head_h * 0.45
            r = head_w * g.uniform(0.12, 0.2)
            draw.ellipse([rx - r, ry - r, rx + r, ry + r], fill=hair)
    if style == 3:
        r = head_w * 0.22
        draw.ellipse([cx - r, cy - head_h * 0.62 - r, cx + r, cy - head_h * 0.62 + r], fill=hair)
    # face
    eye_y = cy + head_h * g.uniform(-0.02, 0.06)
    eye_dx = head_w * g.uniform(0.17, 0.22)
    eye_r = head_w * 0.045
    if sunglasses:
        for side in (-1, 1):
            draw.rounded_rectangle([cx + side * eye_dx - head_w * 0.13, eye_y - head_w * 0.08,
                                    cx + side * eye_dx + head_w * 0.13, eye_y + head_w * 0.09],
                                   radius=int(head_w * 0.05) + 1, fill=(15, 15, 20))
        draw.line([cx - eye_dx + head_w * 0.13, eye_y, cx + eye_dx - head_w * 0.13, eye_y], fill=(15, 15, 20),
                  width=max(1, int(s / 120)))
    else:
        for side in (-1, 1):
            ex = cx + side * eye_dx
            draw.ellipse([ex - eye_r * 1.6, eye_y - eye_r, ex + eye_r * 1.6, eye_y + eye_r], fill=(250, 250, 250))
            draw.ellipse([ex - eye_r, eye_y - eye_r, ex + eye_r, eye_y + eye_r], fill=_colour(g, 10, 110))
            draw.line([ex - eye_r * 2, eye_y - eye_r * 2.6, ex + eye_r * 2, eye_y - eye_r * 2.9], fill=hair,
                      width=max(1, int(s / 90)))
        if g.random() < 0.2:  # glasses
            for side in (-1, 1):
                ex = cx + side * eye_dx
                draw.ellipse([ex - eye_r * 3, eye_y - eye_r * 2.4, ex + eye_r * 3, eye_y + eye_r * 2.4],
                             outline=(30, 30, 30), width=max(1, int(s / 100)))
    draw.line([cx, eye_y + head_h * 0.05, cx - head_w * 0.04, eye_y + head_h * 0.2], fill=shade,
              width=max(1, int(s / 100)))
    mouth_y = cy + head_h * g.uniform(0.24, 0.3)
    mouth_w = head_w * g.uniform(0.14, 0.22)
    draw.arc([cx - mouth_w, mouth_y - head_h * 0.06, cx + mouth_w, mouth_y + head_h * 0.06], start=10, end=170,
             fill=(150, 60, 60), width=max(1, int(s / 80)))
    if g.random() < 0.15:  # beard
        draw.chord([cx - head_w * 0.48, cy - head_h * 0.05, cx + head_w * 0.48, cy + head_h * 0.52], start=20,
                   end=160, fill=hair)


def _portrait(g: np.random.Generator, size: int, *, studio: bool = False) -> Image.Image:
    """A procedural head-and-shoulders picture, different for every generator state."""
    big = size * 2
    if studio:
        base = _colour(g, 150, 235)
        img = _gradient(g, big, base, _jitter(base, g, 30))
    else:
        img = _scene(g, big)
    _draw_person(img, g)
    return _finish(img, g, size, grain=2.0 if studio else g.uniform(2, 6))


def _celebrity(g: np.random.Generator, size: int, style: int) -> Image.Image:
    """A 'celebrity' picture: a pop-art four-up, or sunglasses on a red-carpet backdrop."""
    if style % 2 == 0:
        half = size // 2
        face = _portrait(g, half, studio=True).convert("L")
        out = Image.new("RGB", (half * 2, half * 2))
        for quadrant, palette in enumerate(_WARHOL_PALETTES):
            levels = np.digitize(np.asarray(face), [85, 170])
            tile = np.asarray(palette, np.uint8)[levels]
            out.paste(Image.fromarray(tile, "RGB"), ((quadrant % 2) * half, (quadrant // 2) * half))
        return out.resize((size, size), Image.Resampling.BILINEAR)
    big = size * 2
    img = Image.new("RGB", (big, big), _colour(g, 10, 60))
    draw = ImageDraw.Draw(img)
    logo = _colour(g, 150, 255)
    step = big // 6
    for row in range(7):
        for col in range(7):
            x, y = col * step + (row % 2) * step // 2, row * step
            draw.ellipse([x, y, x + step // 3, y + step // 3], fill=logo)
    draw.rectangle([0, big * 0.85, big, big], fill=(170, 20, 30))
    _draw_person(img, g, sunglasses=True)
    return _finish(img, g, size, grain=2.0)


def _polygon(cx: float, cy: float, r: float, sides: int, phase: float) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(phase + 2 * math.pi * k / sides), cy + r * math.sin(phase + 2 * math.pi * k / sides))
            for k in range(sides)]


def _logo(g: np.random.Generator, size: int, text: str) -> Image.Image:
    """A flat company logo: plain background, one geometric shape, the initials."""
    background = (255, 255, 255) if g.random() < 0.4 else _colour(g)
    accent = _colour(g)
    img = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(img)
    c, r = size / 2, size * g.uniform(0.3, 0.45)
    shape = int(g.integers(6))
    if shape == 0:
        draw.ellipse([c - r, c - r, c + r, c + r], fill=accent)
    elif shape == 1:
        draw.rounded_rectangle([c - r, c - r, c + r, c + r], radius=int(r * 0.3), fill=accent)
    elif shape == 2:
        draw.polygon(_polygon(c, c + r * 0.15, r, 3, -math.pi / 2), fill=accent)
    elif shape == 3:
        draw.polygon(_polygon(c, c, r, 6, 0.0), fill=accent)
    elif shape == 4:
        draw.polygon(_polygon(c, c, r, 4, 0.0), fill=accent)
    else:
        draw.ellipse([c - r, c - r, c + r, c + r], outline=accent, width=max(2, int(r * 0.25)))
    ink = (255, 255, 255) if sum(accent) < 380 else (20, 20, 20)
    if shape == 5:
        ink = accent
    font = ImageFont.load_default(size=max(10, int(size * 0.26)))
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text((c - (left + right) / 2, c - (top + bottom) / 2), text, font=font, fill=ink)
    return img


def _blob(g: np.random.Generator, size: int) -> Image.Image:
    """A small outdoor picture of a car or a pet instead of a face."""
    big = size * 2
    img = _gradient(g, big, _jitter((120, 170, 230), g, 25), _jitter((200, 225, 245), g, 15))
    draw = ImageDraw.Draw(img)
    horizon = big * g.uniform(0.55, 0.7)
    draw.rectangle([0, horizon, big, big], fill=_jitter((90, 140, 70), g, 30) if g.random() < 0.6 else (110, 110, 115))
    body = _colour(g, 20, 240)
    x0, y0 = big * g.uniform(0.1, 0.25), horizon - big * g.uniform(0.05, 0.15)
    if g.random() < 0.5:  # car
        w, h = big * g.uniform(0.5, 0.7), big * g.uniform(0.15, 0.22)
        draw.rounded_rectangle([x0, y0, x0 + w, y0 + h], radius=int(h * 0.3), fill=body)
        draw.polygon([(x0 + w * 0.2, y0), (x0 + w * 0.35, y0 - h * 0.7), (x0 + w * 0.7, y0 - h * 0.7),
                      (x0 + w * 0.85, y0)], fill=body)
        draw.polygon([(x0 + w * 0.27, y0), (x0 + w * 0.38, y0 - h * 0.55), (x0 + w * 0.67, y0 - h * 0.55),
                      (x0 + w * 0.78, y0)], fill=(170, 200, 220))
        for wx in (x0 + w * 0.22, x0 + w * 0.78):
            r = h * 0.45
            draw.ellipse([wx - r, y0 + h - r, wx + r, y0 + h + r], fill=(20, 20, 20))
            draw.ellipse([wx - r / 2, y0 + h - r / 2, wx + r / 2, y0 + h + r / 2], fill=(160, 160, 160))
    else:  # dog or cat
        fur = (_jitter((120, 80, 40), g, 40), (30, 30, 30), (235, 230, 220), (200, 120, 50))[int(g.integers(4))]
        w, h = big * g.uniform(0.35, 0.5), big * g.uniform(0.18, 0.25)
        draw.ellipse([x0, y0 - h, x0 + w, y0], fill=fur)
        hr = h * 0.6
        hx, hy = x0 + w, y0 - h
        draw.ellipse([hx - hr, hy - hr, hx + hr, hy + hr], fill=fur)
        draw.polygon([(hx - hr * 0.8, hy - hr * 0.5), (hx - hr * 0.4, hy - hr * 1.6), (hx, hy - hr * 0.8)], fill=fur)
        draw.polygon([(hx + hr * 0.8, hy - hr * 0.5), (hx + hr * 0.4, hy - hr * 1.6), (hx, hy - hr * 0.8)], fill=fur)
        for side in (-1, 1):
            draw.ellipse([hx + side * hr * 0.35 - 3, hy - 3, hx + side * hr * 0.35 + 3, hy + 3], fill=(10, 10, 10))
        for lx in (x0 + w * 0.15, x0 + w * 0.75):
            draw.rectangle([lx, y0 - h * 0.3, lx + w * 0.08, y0 + h * 0.4], fill=fur)
        draw.line([x0, y0 - h * 0.6, x0 - w * 0.2, y0 - h * 1.2], fill=fur, width=max(2, int(h * 0.12)))
    return _finish(img, g, size, grain=3.0)


def _avatar(g: np.random.Generator, size: int) -> Image.Image:
    """The platform's near-uniform default picture: a pale silhouette on a pale background."""
    base = _jitter((208, 216, 224), g, 8)
    light = tuple(min(255, c + int(g.integers(12, 24))) for c in base)
    img = Image.new("RGB", (size, size), base)
    draw = ImageDraw.Draw(img)
    c = size / 2
    draw.ellipse([c - size * 0.17, size * 0.2, c + size * 0.17, size * 0.54], fill=light)
    draw.ellipse([c - size * 0.36, size * 0.6, c + size * 0.36, size * 1.2], fill=light)
    arr = np.asarray(img, np.float64) + g.normal(0.0, 1.0, size=(size, size, 1))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def _edited_copy(source: Image.Image, g: np.random.Generator, *, light: bool) -> tuple[Image.Image, int]:
    """A copy of a known picture, edited the way copied profile photos are; returns it and a JPEG quality.

    ``light`` keeps to resizing and recompression (a person's own headshot that also appears elsewhere);
    otherwise a random combination of crop, mirror, small rotation and brightness/contrast is applied.
    """
    img = source.copy()
    if not light:
        edits = [name for name in ("crop", "mirror", "rotate", "tone") if g.random() < 0.55]
        if not edits:
            edits = [("crop", "mirror", "rotate", "tone")[int(g.integers(4))]]
        if "crop" in edits:
            w, h = img.size
            frac = g.uniform(0.10, 0.20)
            cw, ch = round(w * (1 - frac)), round(h * (1 - frac))
            corner = int(g.integers(5))
            x = (w - cw) // 2 if corner == 0 else (0 if corner in (1, 3) else w - cw)
            y = (h - ch) // 2 if corner == 0 else (0 if corner in (1, 2) else h - ch)
            img = img.crop((x, y, x + cw, y + ch))
        if "mirror" in edits:
            img = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        if "rotate" in edits:
            fill = tuple(int(v) for v in np.asarray(img).reshape(-1, 3).mean(axis=0))
            img = img.rotate(g.uniform(-5, 5), resample=Image.Resampling.BICUBIC, fillcolor=fill)
        if "tone" in edits:
            img = ImageEnhance.Brightness(img).enhance(g.uniform(0.8, 1.2))
            img = ImageEnhance.Contrast(img).enhance(g.uniform(0.8, 1.2))
    side = int(g.integers(96, 161))
    img = img.resize((side, side), Image.Resampling.LANCZOS)
    return img, int(g.integers(70, 92) if light else g.integers(35, 95))


def _known_images() -> list[Image.Image]:
    """The stock portraits and celebrity pictures that stolen-photo personas copy (the same for every seed)."""
    images = []
    for k in range(N_KNOWN_STOCK + N_KNOWN_CELEBRITY):
        g = np.random.default_rng([KNOWN_IMAGES_SEED, 0x4B4E4F57, k])
        if k < N_KNOWN_STOCK:
            images.append(_portrait(g, 160, studio=g.random() < 0.7))
        else:
            images.append(_celebrity(g, 160, k))
    return images


def _render(spec: _PhotoSpec, known: Sequence[Image.Image]) -> bytes:
    """The file bytes of one profile photo."""
    g = np.random.default_rng(spec.seed)
    quality = int(g.integers(60, 93))
    if spec.kind in ("stolen", "known"):
        img, quality = _edited_copy(known[spec.known], g, light=spec.kind == "known")
    elif spec.kind == "logo":
        img = _logo(g, int(g.integers(96, 161)), spec.text)
    elif spec.kind == "blob":
        img = _blob(g, int(g.integers(96, 161)))
    elif spec.kind == "avatar":
        img = _avatar(g, int(g.integers(96, 161)))
    else:
        img = _portrait(g, int(g.integers(96, 161)), studio=g.random() < 0.3)
    buffer = io.BytesIO()
    if spec.ext == "png":
        img.save(buffer, "PNG")
    else:
        img.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SynthSummary:
    """What :func:`generate` wrote.

    Attributes
    ----------
    n, n_fake
        Profiles written, and how many of them are labelled fake (after label noise).
    n_flipped
        Profiles whose label disagrees with their archetype (the deliberate label noise).
    archetypes
        Profiles per archetype.
    n_photos, n_known_images
        Image files written to ``photos/`` and ``known_images/``.
    profiles_path, photos_dir, known_images_dir
        Where they are.
    seed
        The seed they were drawn with.
    """

    n: int
    n_fake: int
    n_flipped: int
    archetypes: dict[str, int]
    n_photos: int
    n_known_images: int
    profiles_path: Path
    photos_dir: Path
    known_images_dir: Path
    seed: int


def _check_args(n: int, seed: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")


def _iter_profiles(n: int, seed: int) -> Iterator[tuple[dict[str, Any], _PhotoSpec | None]]:
    for index in range(n):
        yield _draw_profile(seed, index)


def generate_profiles(n: int, seed: int) -> list[dict[str, Any]]:
    """Draw ``n`` labelled profiles as plain dicts, without drawing any image.

    Parameters
    ----------
    n
        Number of profiles.
    seed
        Non-negative seed; the same ``(n, seed)`` always gives the same profiles, and profile ``i`` is
        the same whatever ``n`` is.

    Returns
    -------
    list of dict
        One dict per profile with every key of :class:`fakeprofile.schema.Profile`. ``photo`` is None
        (no file exists); ``has_photo`` says whether the profile shows a picture. ``label`` is 1 for
        fake, 0 for genuine, with about 2.5% of labels deliberately flipped; ``archetype`` names the
        kind of account the profile was drawn as.
    """
    _check_args(n, seed)
    return [profile for profile, _ in _iter_profiles(n, seed)]


def generate(n: int, seed: int, out_dir: str | Path, *, progress: bool = False) -> SynthSummary:
    """Write a synthetic data set: profiles, their photos, and the known images photos are copied from.

    Writes ``out_dir/profiles.jsonl`` (one profile per line, the same records as
    :func:`generate_profiles` except that ``photo`` holds a path relative to ``out_dir`` such as
    ``photos/p000123.jpg``), ``out_dir/photos/`` (one small JPEG or PNG per profile with a picture) and
    ``out_dir/known_images/`` (the stock and celebrity pictures that stolen-photo personas use, edited).
    Files of the same name are overwritten; other files in ``out_dir`` are left alone.

    Parameters
    ----------
    n
        Number of profiles.
    seed
        Non-negative seed; the same ``(n, seed)`` writes byte-identical files.
    out_dir
        Folder to write into (created if needed).
    progress
        Show a progress bar over profiles.

    Returns
    -------
    SynthSummary
        Counts and paths of what was written.
    """
    _check_args(n, seed)
    out = Path(out_dir)
    photos_dir, known_dir = out / "photos", out / "known_images"
    photos_dir.mkdir(parents=True, exist_ok=True)
    known_dir.mkdir(parents=True, exist_ok=True)
    known = _known_images()
    for k, image in enumerate(known):
        image.save(known_dir / f"known_{k:03d}.jpg", "JPEG", quality=92)
    counts: Counter[str] = Counter()
    n_fake = n_flipped = n_photos = 0
    profiles_path = out / "profiles.jsonl"
    with open(profiles_path, "w", encoding="utf-8", newline="\n") as handle:
        for profile, spec in progress_bar(_iter_profiles(n, seed), total=n, enabled=progress, unit="profile",
                                          desc="synthetic profiles"):
            if spec is not None:
                relative = f"photos/{profile['id']}.{spec.ext}"
                (out / relative).write_bytes(_render(spec, known))
                profile["photo"] = relative
                n_photos += 1
            handle.write(json.dumps(profile, ensure_ascii=False) + "\n")
            counts[profile["archetype"]] += 1
            n_fake += profile["label"]
            n_flipped += profile["label"] != ARCHETYPES[profile["archetype"]].label
    return SynthSummary(
        n=n, n_fake=n_fake, n_flipped=n_flipped, archetypes=dict(sorted(counts.items())), n_photos=n_photos,
        n_known_images=len(known), profiles_path=profiles_path, photos_dir=photos_dir,
        known_images_dir=known_dir, seed=seed,
    )
