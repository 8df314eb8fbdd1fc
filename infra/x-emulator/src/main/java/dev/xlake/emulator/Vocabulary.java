package dev.xlake.emulator;

import java.util.List;

/**
 * The word material the corpus is generated from: topics (with their hashtags, cashtags and
 * context annotations), sentences in several languages, names and places. Fixed data, so a seed
 * always yields the same corpus.
 */
final class Vocabulary {

    private Vocabulary() {}

    /** A context-annotation domain as X describes it (id, name, description). */
    record Domain(String id, String name, String description) {}

    record Annotation(Domain domain, String entityId, String entityName, String entityDescription) {}

    record Sentence(String lang, String text) {}

    record Topic(
            String name,
            List<String> hashtags,
            List<String> cashtags,
            List<Sentence> sentences,
            List<Annotation> annotations,
            List<String> linkDomains) {}

    record PlaceSeed(
            String id,
            String name,
            String fullName,
            String country,
            String countryCode,
            String placeType,
            double west,
            double south,
            double east,
            double north) {}

    private static Sentence en(String text) {
        return new Sentence("en", text);
    }

    private static Sentence s(String lang, String text) {
        return new Sentence(lang, text);
    }

    private static final Domain FAN_COMMUNITY =
            new Domain("139", "Fan Community", "A viral fan community like 'Lovatics' (fans of Demi Lovato)");
    private static final Domain PERSON = new Domain("10", "Person", "Named people in the world like Nelson Mandela");
    private static final Domain MUSICIAN =
            new Domain("54", "Musician", "A musician in the world, like Adele or Bob Dylan");
    private static final Domain MUSIC_GENRE =
            new Domain("55", "Music Genre", "A category for a musical style, like Pop, Rock, or Rap");
    private static final Domain EVENTS = new Domain("29", "Events [Entity Service]", "Real world events.");
    private static final Domain POLITICIAN = new Domain("35", "Politician", "Politicians in the world, like Joe Biden");
    private static final Domain TAXONOMY =
            new Domain("131", "Unified Twitter Taxonomy", "A taxonomy view into the Twitter platform");
    private static final Domain DIGITAL_ASSETS =
            new Domain("174", "Digital Assets & Crypto", "Digital assets like cryptocurrencies");
    private static final Domain SPORT = new Domain("11", "Sport", "Types of sports, like soccer and basketball");
    private static final Domain SPORTS_TEAM =
            new Domain("12", "Sports Team", "A sports team organization, like Arsenal");
    private static final Domain ATHLETE = new Domain("60", "Athlete", "An athlete in the world, like Serena Williams");
    private static final Domain INTERESTS_CATEGORY = new Domain(
            "66", "Interests and Hobbies Category", "Interests, opinions, and behaviors of individual users");
    private static final Domain BRAND = new Domain("47", "Brand", "Brands and Companies");
    private static final Domain ENTITIES =
            new Domain("165", "Entities [Entity Service]", "Entity Service top level domain");
    private static final Domain INTERESTS_VERTICAL =
            new Domain("65", "Interests and Hobbies Vertical", "Top level interests and hobbies groupings");
    private static final Domain VIDEO_GAME = new Domain("71", "Video Game", "A video game like Overwatch");

    static final List<Topic> TOPICS = List.of(
            new Topic(
                    "kpop",
                    List.of("kpop", "BTS", "BLACKPINK", "Butter", "NewJeans", "KpopComeback"),
                    List.of(),
                    List.of(
                            en("Can't stop listening to the new album 🔥🔥"),
                            en("The choreography in this comeback is insane"),
                            en("Streaming party tonight, who's in? 💜"),
                            en("Who else cried at the concert yesterday 😭"),
                            en("This song has been on repeat all week"),
                            s("es", "Se mantiene en el #1 por tercera semana consecutiva"),
                            s("es", "No puedo dejar de escuchar esta canción 😍"),
                            s("ko", "오늘 콘서트 진짜 최고였어요 💜"),
                            s("ko", "컴백 무대 너무 멋있다"),
                            s("ja", "新しいアルバム最高すぎる✨"),
                            s("pt", "Que música incrível, estou viciada"),
                            s("tl", "Grabe ang ganda ng bagong kanta nila")),
                    List.of(
                            new Annotation(FAN_COMMUNITY, "1086308747654266880", "BTS ARMY", "BTS fan community ARMY"),
                            new Annotation(PERSON, "844438182523383808", "BTS", null),
                            new Annotation(MUSICIAN, "913136867872145408", "LISA", "Lisa (리사) - member of BLACKPINK"),
                            new Annotation(MUSIC_GENRE, "888105153038958593", "K-pop", "K-Pop")),
                    List.of("www.soompi.com", "www.allkpop.com", "www.youtube.com")),
            new Topic(
                    "brexit",
                    List.of("Brexit", "UKPolitics", "BrexitShambles", "GTTO"),
                    List.of("GBP"),
                    List.of(
                            en("Another week, another Brexit U-turn from the government"),
                            en("Border checks are still a mess for small exporters"),
                            en("Fishing rights talks collapse again"),
                            en("Petrol queues and empty shelves, but sure, it's all fine"),
                            en("The Northern Ireland Protocol debate is back in Parliament"),
                            s("de", "Der Brexit kostet die britische Wirtschaft weiter Milliarden"),
                            s("fr", "Les négociations sur la pêche reprennent à Bruxelles"),
                            s("nl", "Nieuwe douaneregels zorgen voor lange rijen in Calais")),
                    List.of(
                            new Annotation(EVENTS, "1224043838004736000", "Brexit", "Brexit"),
                            new Annotation(POLITICIAN, "1184488718398218240", "Boris Johnson", "UK Prime Minister"),
                            new Annotation(TAXONOMY, "847878884917886977", "Politics", "Politics")),
                    List.of("www.bbc.co.uk", "www.theguardian.com", "www.ft.com")),
            new Topic(
                    "crypto",
                    List.of("Bitcoin", "crypto", "Ethereum", "DeFi", "HODL"),
                    List.of("BTC", "ETH", "SOL", "DOGE"),
                    List.of(
                            en("Bought the dip again, see you on the moon 🚀"),
                            en("Funding rates are flipping negative, careful out there"),
                            en("Not financial advice, but this chart looks bullish"),
                            en("Gas fees are finally reasonable today"),
                            en("Another exchange paused withdrawals. Not your keys, not your coins"),
                            s("es", "El mercado cripto se recupera tras la caída del lunes"),
                            s("pt", "Mais uma alta forte hoje, mercado animado"),
                            s("tr", "Bugün piyasa yine çok hareketli")),
                    List.of(
                            new Annotation(
                                    DIGITAL_ASSETS,
                                    "1007360414114435072",
                                    "Bitcoin cryptocurrency",
                                    "Bitcoin Cryptocurrency"),
                            new Annotation(TAXONOMY, "913142676819648512", "Cryptocurrencies", "Cryptocurrency")),
                    List.of("www.coindesk.com", "decrypt.co", "www.theblock.co")),
            new Topic(
                    "football",
                    List.of("PremierLeague", "UCL", "LaLiga", "MUFC", "YNWA"),
                    List.of(),
                    List.of(
                            en("What a goal in the 89th minute!!! ⚽️"),
                            en("That was never a penalty, VAR is broken"),
                            en("Starting XI is out, big changes in midfield"),
                            en("Clean sheet and three points, great afternoon"),
                            s("es", "¡Qué partido increíble! Remontada histórica"),
                            s("es", "El árbitro se equivocó otra vez"),
                            s("fr", "Quel match ! Le PSG s'impose à la dernière minute"),
                            s("de", "Was für ein Spiel, Bayern dreht die Partie"),
                            s("it", "Che partita, vittoria meritata"),
                            s("ar", "مباراة رائعة اليوم ⚽")),
                    List.of(
                            new Annotation(SPORT, "711159286339162113", "Soccer", "Soccer"),
                            new Annotation(SPORTS_TEAM, "10026364281", "Manchester United", "Manchester United"),
                            new Annotation(ATHLETE, "1083779301425160192", "Lionel Messi", "Lionel Messi")),
                    List.of("www.espn.com", "www.skysports.com", "www.marca.com")),
            new Topic(
                    "climate",
                    List.of("ClimateAction", "ClimateCrisis", "COP30", "NetZero"),
                    List.of(),
                    List.of(
                            en("Record temperatures again this summer. We need action now"),
                            en("Solar just overtook coal in the grid mix for the first time"),
                            en("New report: sea level rise is accelerating"),
                            en("Wildfire smoke is back over the city today 🔥"),
                            s("fr", "La canicule bat encore des records cette année"),
                            s("de", "Die Energiewende braucht mehr Tempo"),
                            s("es", "Otra ola de calor histórica en el sur")),
                    List.of(
                            new Annotation(TAXONOMY, "1237480036829548544", "Climate change", "Climate change"),
                            new Annotation(INTERESTS_CATEGORY, "847888632711061504", "Environment", "Environment")),
                    List.of("www.nature.com", "climate.nasa.gov", "www.carbonbrief.org")),
            new Topic(
                    "ai",
                    List.of("AI", "MachineLearning", "LLM", "OpenSource", "DataScience"),
                    List.of("NVDA", "MSFT", "GOOGL"),
                    List.of(
                            en("New open-weights model just dropped and the benchmarks look strong"),
                            en("Spent the weekend fine-tuning on a single GPU, results are promising"),
                            en("Hot take: most AI demos are just good prompt engineering"),
                            en("Our paper on efficient attention got accepted 🎉"),
                            en("Evaluation is the hardest part of shipping an LLM product"),
                            s("ja", "新しいモデルの性能がすごい"),
                            s("fr", "Les modèles de langage changent notre façon de coder"),
                            s("zh", "开源模型进步太快了")),
                    List.of(
                            new Annotation(
                                    INTERESTS_CATEGORY,
                                    "898673391980261376",
                                    "Artificial intelligence",
                                    "Artificial intelligence"),
                            new Annotation(BRAND, "10045225402", "Nvidia", "Nvidia")),
                    List.of("arxiv.org", "github.com", "huggingface.co")),
            new Topic(
                    "food",
                    List.of("foodie", "ramen", "BakingDay", "vegan"),
                    List.of(),
                    List.of(
                            en("Finally found the best ramen spot in town 🍜"),
                            en("Sourdough attempt number 7, getting there 🍞"),
                            en("Who puts pineapple on pizza?? (me, I do)"),
                            s("ja", "今日のランチは最高のラーメン🍜"),
                            s("it", "La vera carbonara non ha la panna"),
                            s("hi", "आज का खाना बहुत स्वादिष्ट था")),
                    List.of(
                            new Annotation(INTERESTS_CATEGORY, "825047692124442624", "Food", "Food"),
                            new Annotation(ENTITIES, "1085608418385682432", "Ramen", "Ramen")),
                    List.of("www.seriouseats.com", "cooking.nytimes.com")),
            new Topic(
                    "gaming",
                    List.of("gaming", "NintendoSwitch", "PS5", "indiegame", "speedrun"),
                    List.of("NTDOY", "SONY"),
                    List.of(
                            en("Just beat the final boss after 40 hours, no regrets"),
                            en("This indie game deserves way more attention"),
                            en("New world record in the any% category!"),
                            en("Servers are down again 🙃"),
                            s("pt", "Finalmente zerei o jogo, que final!"),
                            s("es", "Este juego indie es una joya"),
                            s("ko", "오늘 밤 방송에서 신작 게임 해요")),
                    List.of(
                            new Annotation(INTERESTS_VERTICAL, "781974596752842752", "Gaming", "Gaming"),
                            new Annotation(VIDEO_GAME, "1139897023264018432", "The Legend of Zelda", null)),
                    List.of("www.ign.com", "www.polygon.com", "store.steampowered.com")));

    static final List<String> EMOJI =
            List.of("🔥", "😂", "❤️", "👏", "🙌", "💯", "😭", "✨", "🤔", "👀", "🎉", "🙏🏽", "🇧🇷", "👩🏻‍💻");

    static final List<String> FILLERS = List.of(
            "Honestly",
            "Wow",
            "Thread 🧵",
            "Breaking:",
            "PSA:",
            "ok but",
            "lol",
            "Unpopular opinion:",
            "Reminder:",
            "Update:");

    /** Long-form paragraphs: note tweets (more than 280 characters) are built from these. */
    static final List<String> PARAGRAPHS = List.of(
            "I have been thinking about this for a while and want to write it down properly instead of in ten replies.",
            "First, the numbers do not lie: the trend has been going in the same direction for three years now, and every time someone says it will reverse, it does not.",
            "Second, the people most affected are the ones with the least say in the decision, which should bother all of us.",
            "Third, there are practical things we can do today, not in five years, and they cost less than doing nothing.",
            "Anyway, that is my long take. Happy to be proven wrong, but bring data, not vibes. 🙏",
            "Edit: a lot of you asked for sources, they are in the link below and in the replies.");

    static final List<String> FIRST_NAMES = List.of(
            "Ana",
            "Ben",
            "Chloé",
            "Daniel",
            "Emeka",
            "Fatima",
            "Giulia",
            "Hiroshi",
            "Isabel",
            "Jonas",
            "Kwame",
            "Laura",
            "Mateo",
            "Nadia",
            "Oliver",
            "Priya",
            "Quentin",
            "Rosa",
            "Sven",
            "Tomás",
            "Uma",
            "Valentina",
            "Wei",
            "Ximena",
            "Yusuf",
            "Zoë",
            "Minji",
            "Jürgen",
            "Aoife",
            "Siobhán");

    static final List<String> LAST_NAMES = List.of(
            "Ríos",
            "Smith",
            "García",
            "Müller",
            "Okafor",
            "Rossi",
            "Tanaka",
            "Silva",
            "Nguyen",
            "Kowalski",
            "Dubois",
            "Andersson",
            "Khan",
            "O'Brien",
            "Yılmaz",
            "Novak",
            "Kim",
            "Park",
            "Santos",
            "Lee");

    /** Display names that are not "first last", including scripts and emoji X users use. */
    static final List<String> ODD_NAMES = List.of(
            "김민지",
            "佐藤 健",
            "Ана Петрова",
            "محمد علي",
            "ᴋᴘᴏᴘ ʟᴏᴠᴇʀ 💜",
            "Daily Crypto 📈",
            "the real ana 🌸",
            "Footy Stats ⚽",
            "Climate Now 🌍",
            "AI Papers Bot 🤖",
            "Ramen Hunter 🍜",
            "speedrun.exe");

    static final List<String> BIO_PARTS = List.of(
            "Kpop 🎶 Kdrama 😍",
            "Views my own.",
            "Engineer by day, gamer by night 🎮",
            "Climate scientist 🌍",
            "He/him",
            "she/her ✨",
            "Dad. Runner. Coffee.",
            "Crypto since 2013 📈",
            "Not financial advice",
            "Football is life ⚽",
            "Home cook 🍜",
            "PhD student in ML",
            "Lojana 🇪🇨",
            "DM for collabs",
            "RT ≠ endorsement",
            "");

    static final List<String> LOCATIONS = List.of(
            "London, England",
            "Seoul, Republic of Korea",
            "São Paulo, Brasil",
            "Lagos, Nigeria",
            "Madrid",
            "Berlin, Deutschland",
            "Tokyo",
            "Manila",
            "Toronto, Ontario",
            "Quito, Ecuador",
            "🌍",
            "somewhere over the rainbow",
            "Paris",
            "Mumbai, India",
            "New York, NY");

    static final List<String> SOURCES =
            List.of("Twitter for iPhone", "Twitter for Android", "Twitter Web App", "TweetDeck", "Hootsuite Inc.");

    static final List<PlaceSeed> PLACES = List.of(
            new PlaceSeed(
                    "0023c19311cdf0fc",
                    "Soledad",
                    "Soledad, Colombia",
                    "Colombia",
                    "CO",
                    "city",
                    -74.83295,
                    10.851,
                    -74.7314,
                    10.928022),
            new PlaceSeed(
                    "5c62ffb0f0f3479d",
                    "Phoenix",
                    "Phoenix, AZ",
                    "United States",
                    "US",
                    "city",
                    -112.324056,
                    33.29026,
                    -111.926046,
                    33.920748),
            new PlaceSeed(
                    "457b4814b4240d87",
                    "London",
                    "London, England",
                    "United Kingdom",
                    "GB",
                    "city",
                    -0.187894,
                    51.483718,
                    -0.109978,
                    51.5164655),
            new PlaceSeed(
                    "3b77caf94bfc81fe",
                    "Los Angeles",
                    "Los Angeles, CA",
                    "United States",
                    "US",
                    "city",
                    -118.668404,
                    33.704538,
                    -118.155409,
                    34.337041),
            new PlaceSeed(
                    "1f05e2a4a3e2d5e8",
                    "Seoul",
                    "Seoul, Republic of Korea",
                    "Republic of Korea",
                    "KR",
                    "city",
                    126.764,
                    37.413,
                    127.184,
                    37.715),
            new PlaceSeed(
                    "68e019afec7d0ba5",
                    "São Paulo",
                    "São Paulo, Brasil",
                    "Brasil",
                    "BR",
                    "city",
                    -46.826039,
                    -24.008814,
                    -46.365052,
                    -23.356792),
            new PlaceSeed(
                    "6416b8512febefc9",
                    "Madrid",
                    "Madrid, España",
                    "España",
                    "ES",
                    "city",
                    -3.888954,
                    40.312064,
                    -3.517916,
                    40.643518),
            new PlaceSeed(
                    "44d207663001f00b",
                    "Tokyo",
                    "Tokyo-to, Japan",
                    "Japan",
                    "JP",
                    "admin",
                    138.942922,
                    24.2242,
                    153.987301,
                    35.898468),
            new PlaceSeed(
                    "07d9db48bc083000",
                    "Harlem Shake Bar",
                    "Harlem Shake Bar",
                    "United States",
                    "US",
                    "poi",
                    -73.950279,
                    40.807652,
                    -73.950279,
                    40.807652),
            new PlaceSeed(
                    "dd9c0b19e7c7c6b4",
                    "Lagos",
                    "Lagos, Nigeria",
                    "Nigeria",
                    "NG",
                    "city",
                    3.098,
                    6.393,
                    3.696,
                    6.702));
}
