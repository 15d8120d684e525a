"""Places: cities, how people write them, and which countries people move between."""

from __future__ import annotations

from dataclasses import dataclass


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
