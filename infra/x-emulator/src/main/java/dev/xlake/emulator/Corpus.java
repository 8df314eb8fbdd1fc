package dev.xlake.emulator;

import dev.xlake.emulator.CorpusTweet.Kind;
import dev.xlake.emulator.CorpusTweet.Metrics;
import dev.xlake.emulator.Vocabulary.Annotation;
import dev.xlake.emulator.Vocabulary.Sentence;
import dev.xlake.emulator.Vocabulary.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The deterministic tweet stream: a pure function of (seed, time). Nothing is stored up front;
 * each minute's tweets are generated when first asked for and kept in a small LRU cache.
 *
 * <p>Per epoch minute, a Poisson-distributed number of tweets (mean {@code tweetsPerMinute}) gets
 * uniformly spread millisecond timestamps and snowflake ids ({@code sequence} = index within the
 * minute, so ids are unique and {@link #tweet(long)} can find a tweet from its id alone). Each
 * tweet's content comes from its own random stream, so generating one tweet never requires
 * generating its neighbours. Retweets, replies and quotes point at an <em>original</em> tweet up
 * to 12 hours older; only that target's own content is needed, so references never recurse.
 */
final class Corpus {

    /** About 2.6 KB per cached tweet once matched: ~50 MB, whatever the rate. */
    static final int DEFAULT_CACHED_TWEETS = 20_000;

    private static final int SCHEDULE_CACHE_SIZE = 16_384;
    private static final int MAX_PER_MINUTE = (int) Snowflake.MAX_SEQUENCE + 1;
    private static final long MINUTE_MILLIS = 60_000L;
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final long seed;
    private final double tweetsPerMinute;
    private final List<CorpusUser> users;
    private final Map<Long, CorpusUser> usersById = new HashMap<>();
    private final Map<String, CorpusUser> usersByUsername = new HashMap<>();
    private final Map<String, Vocabulary.PlaceSeed> placesById = new HashMap<>();
    private final Map<Long, long[]> schedules = lruCache(SCHEDULE_CACHE_SIZE);
    private final Map<Long, List<CorpusTweet>> minutes;

    Corpus(long seed, double tweetsPerMinute, int userCount) {
        this(seed, tweetsPerMinute, userCount, DEFAULT_CACHED_TWEETS);
    }

    /** {@code cachedTweets}: how many generated tweets the minute cache keeps, about 2.6 KB each. */
    Corpus(long seed, double tweetsPerMinute, int userCount, int cachedTweets) {
        if (!(tweetsPerMinute > 0) || tweetsPerMinute > 1000) {
            throw new IllegalArgumentException(
                    "Cannot generate " + tweetsPerMinute + " tweets per minute: must be in (0, 1000]");
        }
        if (userCount < 10) {
            throw new IllegalArgumentException("Cannot generate " + userCount + " users: need at least 10");
        }
        this.seed = seed;
        this.tweetsPerMinute = tweetsPerMinute;
        if (cachedTweets < 1) {
            throw new IllegalArgumentException("Cannot cache " + cachedTweets + " tweets: must be positive");
        }
        this.minutes = lruCache((int) Math.max(64, Math.min(Integer.MAX_VALUE, cachedTweets / tweetsPerMinute)));
        this.users = List.copyOf(generateUsers(userCount));
        users.forEach(u -> {
            usersById.put(u.id(), u);
            usersByUsername.put(u.username().toLowerCase(Locale.ROOT), u);
        });
        Vocabulary.PLACES.forEach(p -> placesById.put(p.id(), p));
    }

    private static <K, V> Map<K, V> lruCache(int capacity) {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }

    List<CorpusUser> users() {
        return users;
    }

    Optional<CorpusUser> user(long id) {
        return Optional.ofNullable(usersById.get(id));
    }

    Optional<CorpusUser> userByUsername(String username) {
        return Optional.ofNullable(usersByUsername.get(username.toLowerCase(Locale.ROOT)));
    }

    Optional<Vocabulary.PlaceSeed> place(String id) {
        return Optional.ofNullable(placesById.get(id));
    }

    /** All tweets created in this epoch minute, hidden ones included, in ascending id order. */
    List<CorpusTweet> minute(long epochMinute) {
        List<CorpusTweet> cached = minutes.get(epochMinute);
        if (cached != null) {
            return cached;
        }
        long[] ids = schedule(epochMinute);
        List<CorpusTweet> generated = new ArrayList<>(ids.length);
        for (int index = 0; index < ids.length; index++) {
            generated.add(resolve(epochMinute, index, ids[index]));
        }
        List<CorpusTweet> result = List.copyOf(generated);
        minutes.put(epochMinute, result);
        return result;
    }

    /** The tweet with this id, if the corpus has one (hidden tweets included). */
    Optional<CorpusTweet> tweet(long id) {
        long millis = Snowflake.epochMillis(id);
        long epochMinute = Math.floorDiv(millis, MINUTE_MILLIS);
        int index = Snowflake.sequence(id);
        long[] ids = schedule(epochMinute);
        if (index >= ids.length || ids[index] != id) {
            return Optional.empty();
        }
        return Optional.of(minute(epochMinute).get(index));
    }

    /** Ids of this minute, ascending; element {@code i} has sequence {@code i}. */
    long[] schedule(long epochMinute) {
        long[] cached = schedules.get(epochMinute);
        if (cached != null) {
            return cached;
        }
        SplittableRandom random = new SplittableRandom(mix(seed, epochMinute, -1));
        int count = Math.min(MAX_PER_MINUTE, poisson(random, tweetsPerMinute));
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = random.nextLong(MINUTE_MILLIS);
        }
        Arrays.sort(offsets);
        long[] ids = new long[count];
        int worker = 0;
        for (int i = 0; i < count; i++) {
            int drawn = random.nextInt(1 << Snowflake.WORKER_BITS);
            // Two tweets in the same millisecond share a worker, so ids stay in index order.
            worker = i > 0 && offsets[i] == offsets[i - 1] ? worker : drawn;
            ids[i] = Snowflake.id(epochMinute * MINUTE_MILLIS + offsets[i], worker, i);
        }
        schedules.put(epochMinute, ids);
        return ids;
    }

    private static int poisson(SplittableRandom random, double mean) {
        if (mean > 200) {
            double gaussian =
                    Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---------------------------------------------------------------- tweet content

    /** What a tweet is on its own, before its reference (if any) is resolved. */
    private record Core(
            long id,
            Instant createdAt,
            CorpusUser author,
            Kind intendedKind,
            Topic topic,
            String lang,
            String body,
            Map<String, UrlInfo> urls,
            boolean longForm,
            SplittableRandom random) {}

    private Core core(long epochMinute, int index, long id) {
        SplittableRandom random = new SplittableRandom(mix(seed, epochMinute, index));
        CorpusUser author = users.get((int) (users.size() * Math.pow(random.nextDouble(), 2.2)));
        Topic topic = Vocabulary.TOPICS.get(weightedTopic(random));
        double kindRoll = random.nextDouble();
        Kind kind = kindRoll < 0.5
                ? Kind.ORIGINAL
                : kindRoll < 0.75 ? Kind.RETWEET : kindRoll < 0.9 ? Kind.REPLY : Kind.QUOTE;
        Sentence first = pick(random, topic.sentences());
        Map<String, UrlInfo> urls = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder();
        if (random.nextDouble() < 0.08) {
            body.append(pick(random, Vocabulary.FILLERS)).append(' ');
        }
        body.append(first.text());
        if (random.nextDouble() < 0.2) {
            Sentence second = pick(random, topic.sentences());
            if (second.lang().equals(first.lang()) && second != first) {
                body.append(". ").append(second.text());
            }
        }
        boolean longForm = random.nextDouble() < 0.04;
        if (longForm) {
            for (String paragraph : Vocabulary.PARAGRAPHS) {
                body.append("\n\n").append(paragraph);
            }
        }
        if (random.nextDouble() < 0.2) {
            int mentions = 1 + random.nextInt(2);
            for (int i = 0; i < mentions; i++) {
                body.append(i == 0 ? " cc " : " ")
                        .append('@')
                        .append(pick(random, users).username());
            }
        }
        if (!topic.cashtags().isEmpty() && random.nextDouble() < 0.45) {
            body.append(' ').append('$').append(pick(random, topic.cashtags()));
            if (random.nextDouble() < 0.3) {
                body.append(" $").append(pick(random, topic.cashtags()));
            }
        }
        if (random.nextDouble() < 0.3) {
            body.append(' ').append(pick(random, Vocabulary.EMOJI));
        }
        if (random.nextDouble() < 0.15) {
            String domain = pick(random, topic.linkDomains());
            String path = "/" + topic.name() + "/" + Long.toString(random.nextLong(1L << 40), 36);
            String tco = tco(random);
            boolean unwound = random.nextDouble() < 0.6;
            urls.put(
                    tco,
                    new UrlInfo(
                            tco,
                            "https://" + domain + path,
                            ellipsize(domain + path, 26),
                            null,
                            unwound ? capitalize(topic.name()) + " news and analysis" : null,
                            unwound ? "The latest on " + topic.name() + " from " + domain + "." : null,
                            unwound ? "https://" + domain + path : null,
                            unwound ? 200 : null));
            body.append(' ').append(tco);
        }
        int hashtags = random.nextDouble() < 0.75 ? 1 + random.nextInt(3) : 0;
        Set<String> used = new HashSet<>();
        for (int i = 0; i < hashtags; i++) {
            String tag = pick(random, topic.hashtags());
            if (used.add(tag.toLowerCase(Locale.ROOT))) {
                body.append(i == 0 ? "\n" : " ").append('#').append(tag);
            }
        }
        Instant createdAt = Snowflake.instant(id);
        return new Core(id, createdAt, author, kind, topic, first.lang(), body.toString(), urls, longForm, random);
    }

    private static int weightedTopic(SplittableRandom random) {
        // kpop and crypto are chatty; the rest share the remainder.
        double roll = random.nextDouble();
        if (roll < 0.22) {
            return 0;
        }
        if (roll < 0.36) {
            return 2;
        }
        return 1 + random.nextInt(Vocabulary.TOPICS.size() - 1);
    }

    private CorpusTweet resolve(long epochMinute, int index, long id) {
        Core core = core(epochMinute, index, id);
        SplittableRandom random = core.random();
        Kind kind = core.intendedKind();
        Core target = null;
        if (kind != Kind.ORIGINAL) {
            target = referenceTarget(epochMinute, random);
            if (target == null) {
                kind = Kind.ORIGINAL;
            }
        }
        Map<String, UrlInfo> urls = new LinkedHashMap<>(core.urls());
        List<CorpusMedia> media = List.of();
        String fullText;
        String searchText;
        String lang = core.lang();
        int displayStart = 0;
        long conversationId = id;
        CorpusUser referencedAuthor = null;
        switch (kind) {
            case RETWEET -> {
                referencedAuthor = target.author();
                urls.putAll(target.urls());
                String retweetPrefix = "RT @" + target.author().username() + ": ";
                fullText = retweetPrefix + target.body();
                searchText = fullText;
                lang = target.lang();
            }
            case REPLY -> {
                referencedAuthor = target.author();
                String prefix = "@" + target.author().username() + " ";
                displayStart = prefix.codePointCount(0, prefix.length());
                fullText = prefix + core.body();
                searchText = fullText;
                conversationId = target.id();
            }
            case QUOTE -> {
                referencedAuthor = target.author();
                String tco = tco(random);
                String status = "twitter.com/" + target.author().username() + "/status/" + target.id();
                urls.put(tco, UrlInfo.plain(tco, "https://" + status, ellipsize(status, 26)));
                fullText = core.body() + " " + tco;
                searchText = fullText;
            }
            default -> {
                media = generateMedia(random, core);
                StringBuilder text = new StringBuilder(core.body());
                if (!media.isEmpty()) {
                    String tco = tco(random);
                    String mediaType = media.get(0).type().equals("photo") ? "photo" : "video";
                    urls.put(
                            tco,
                            new UrlInfo(
                                    tco,
                                    "https://twitter.com/" + core.author().username() + "/status/" + id + "/"
                                            + mediaType + "/1",
                                    "pic.twitter.com/" + tco.substring(tco.lastIndexOf('/') + 1),
                                    media.get(0).mediaKey(),
                                    null,
                                    null,
                                    null,
                                    null));
                    text.append(' ').append(tco);
                }
                fullText = text.toString();
                searchText = fullText;
            }
        }
        String text = fullText;
        String noteText = null;
        if (kind == Kind.RETWEET) {
            text = truncate(fullText, 140);
        } else if (core.longForm() || fullText.codePointCount(0, fullText.length()) > 280) {
            noteText = fullText;
            text = truncate(fullText, 275);
        }
        List<Annotation> annotations = random.nextDouble() < 0.75 ? annotations(random, core.topic()) : List.of();
        String placeId = null;
        double[] coordinates = null;
        if (kind != Kind.RETWEET && random.nextDouble() < 0.03) {
            Vocabulary.PlaceSeed place = pick(random, Vocabulary.PLACES);
            placeId = place.id();
            if (random.nextBoolean()) {
                coordinates = new double[] {
                    round6(place.west() + (place.east() - place.west()) * random.nextDouble()),
                    round6(place.south() + (place.north() - place.south()) * random.nextDouble())
                };
            }
        }
        List<Long> editHistory = random.nextDouble() < 0.02
                ? List.of(id - ((1 + random.nextLong(600_000)) << Snowflake.TIMESTAMP_SHIFT), id)
                : List.of(id);
        List<String> withheld = random.nextDouble() < 0.005 ? List.of("DE", "FR") : List.of();
        double settingsRoll = random.nextDouble();
        String replySettings = settingsRoll < 0.92
                ? "everyone"
                : settingsRoll < 0.95 ? "mentionedUsers" : settingsRoll < 0.98 ? "following" : "verified";
        return new CorpusTweet(
                id,
                core.createdAt(),
                core.author(),
                kind,
                text,
                noteText,
                searchText,
                lang,
                target == null ? 0 : target.id(),
                referencedAuthor,
                conversationId,
                displayStart,
                Collections.unmodifiableMap(urls),
                annotations,
                media,
                placeId,
                coordinates,
                random.nextDouble() < 0.03,
                replySettings,
                pick(random, Vocabulary.SOURCES),
                withheld,
                editHistory,
                metrics(random),
                random.nextDouble() < 0.015,
                new TweetFeatures[1]);
    }

    /** An original tweet 1 minute to 12 hours before, or null when the draw finds none. */
    private Core referenceTarget(long epochMinute, SplittableRandom random) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long targetMinute = epochMinute - 1 - random.nextInt(720);
            long[] ids = schedule(targetMinute);
            if (ids.length == 0) {
                continue;
            }
            int index = random.nextInt(ids.length);
            Core candidate = core(targetMinute, index, ids[index]);
            if (candidate.intendedKind() == Kind.ORIGINAL) {
                return candidate;
            }
        }
        return null;
    }

    private List<CorpusMedia> generateMedia(SplittableRandom random, Core core) {
        if (random.nextDouble() >= 0.15) {
            return List.of();
        }
        double roll = random.nextDouble();
        long mediaId = core.id() - random.nextLong(1, 1L << 30);
        if (roll < 0.75) {
            int count = 1 + (random.nextDouble() < 0.25 ? random.nextInt(3) : 0);
            List<CorpusMedia> photos = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                boolean landscape = random.nextBoolean();
                photos.add(new CorpusMedia(
                        "3_" + (mediaId + i),
                        "photo",
                        landscape ? 1200 : 900,
                        landscape ? 675 : 1200,
                        "https://pbs.twimg.com/media/" + randomString(random, 15) + ".jpg",
                        null,
                        random.nextDouble() < 0.3
                                ? "A photo about " + core.topic().name()
                                : null,
                        null,
                        null,
                        null,
                        null));
            }
            return photos;
        }
        String thumb =
                "https://pbs.twimg.com/ext_tw_video_thumb/" + mediaId + "/pu/img/" + randomString(random, 16) + ".jpg";
        if (roll < 0.92) {
            return List.of(new CorpusMedia(
                    "7_" + mediaId,
                    "video",
                    1280,
                    720,
                    null,
                    thumb,
                    null,
                    1_000 + random.nextInt(140_000),
                    (long) random.nextInt(250_000),
                    "https://video.twimg.com/ext_tw_video/" + mediaId + "/pu/vid/1280x720/" + randomString(random, 16)
                            + ".mp4",
                    2_176_000));
        }
        return List.of(new CorpusMedia(
                "16_" + mediaId,
                "animated_gif",
                498,
                280,
                null,
                "https://pbs.twimg.com/tweet_video_thumb/" + randomString(random, 15) + ".jpg",
                null,
                null,
                null,
                "https://video.twimg.com/tweet_video/" + randomString(random, 15) + ".mp4",
                0));
    }

    private static List<Annotation> annotations(SplittableRandom random, Topic topic) {
        List<Annotation> all = topic.annotations();
        int count = 1 + random.nextInt(all.size());
        return all.subList(0, count);
    }

    private static Metrics metrics(SplittableRandom random) {
        long likes = (long) Math.floor(Math.exp(random.nextDouble() * 9) - 1);
        long retweets = likes / (2 + random.nextInt(8));
        long replies = likes / (3 + random.nextInt(20));
        long quotes = retweets / (2 + random.nextInt(10));
        boolean legacy = random.nextDouble() < 0.1;
        return new Metrics(
                retweets,
                replies,
                likes,
                quotes,
                legacy ? null : likes / (3 + random.nextInt(10)),
                legacy ? null : likes * (20 + random.nextInt(200)) + random.nextInt(50));
    }

    // ---------------------------------------------------------------- users

    private List<CorpusUser> generateUsers(int count) {
        SplittableRandom random = new SplittableRandom(mix(seed, Long.MIN_VALUE, 7));
        List<CorpusUser> generated = new ArrayList<>(count);
        Set<String> usernames = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        Instant newest = Instant.parse("2024-06-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            String first = pick(random, Vocabulary.FIRST_NAMES);
            String last = pick(random, Vocabulary.LAST_NAMES);
            String name = random.nextDouble() < 0.15 ? pick(random, Vocabulary.ODD_NAMES) : first + " " + last;
            String username = uniqueUsername(random, first, last, usernames);
            boolean old = random.nextDouble() < 0.4;
            Instant createdAt;
            long id;
            do {
                if (old) {
                    createdAt = Instant.parse("2007-03-01T00:00:00Z").plusSeconds(random.nextLong(3L * 365 * 86_400));
                    id = 1_000_000L + random.nextLong(3_000_000_000L);
                } else {
                    long span = Duration.between(Instant.ofEpochMilli(Snowflake.TWITTER_EPOCH_MILLIS), newest)
                            .getSeconds();
                    createdAt =
                            Instant.ofEpochMilli(Snowflake.TWITTER_EPOCH_MILLIS).plusSeconds(1 + random.nextLong(span));
                    id = Snowflake.id(createdAt.toEpochMilli(), random.nextInt(1024), random.nextInt(4096));
                }
            } while (!ids.add(id));
            long followers = (long) Math.floor(Math.exp(random.nextDouble() * 13));
            boolean verified = followers > 50_000 && random.nextDouble() < 0.5;
            String verifiedType = random.nextDouble() < 0.1 ? "blue" : verified ? "business" : "none";
            UrlInfo url = null;
            if (random.nextDouble() < 0.3) {
                String tco = tco(random);
                String site = "instagram.com/" + username.toLowerCase(Locale.ROOT);
                url = UrlInfo.plain(tco, "https://" + site, site);
            }
            generated.add(new CorpusUser(
                    id,
                    username,
                    name,
                    pick(random, Vocabulary.BIO_PARTS)
                            + (random.nextBoolean() ? " " + pick(random, Vocabulary.EMOJI) : ""),
                    random.nextDouble() < 0.55 ? pick(random, Vocabulary.LOCATIONS) : null,
                    createdAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    verified,
                    verifiedType,
                    followers,
                    random.nextInt(5_000),
                    random.nextLong(1, 200_000),
                    followers / 200,
                    random.nextBoolean() ? (long) random.nextInt(100_000) : null,
                    "https://pbs.twimg.com/profile_images/"
                            + (1_000_000_000_000_000_000L + random.nextLong(500_000_000_000_000_000L)) + "/"
                            + randomString(random, 8) + "_normal.jpg",
                    url,
                    random.nextDouble() < 0.45
                            ? Snowflake.id(
                                    newest.toEpochMilli() - random.nextLong(86_400_000L * 300),
                                    random.nextInt(1024),
                                    random.nextInt(4096))
                            : null,
                    random.nextDouble() < 0.005 ? List.of("TR") : List.of(),
                    random.nextDouble() < 0.01));
        }
        return generated;
    }

    private static String uniqueUsername(SplittableRandom random, String first, String last, Set<String> taken) {
        String base = asciiHandle(first) + (random.nextBoolean() ? "_" : "") + asciiHandle(last);
        if (base.length() > 11) {
            base = base.substring(0, 11);
        }
        String candidate = base;
        while (!taken.add(candidate.toLowerCase(Locale.ROOT))) {
            candidate = base + random.nextInt(10_000);
        }
        return candidate;
    }

    private static String asciiHandle(String name) {
        String decomposed = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD);
        return decomposed.replaceAll("[^A-Za-z0-9]", "");
    }

    // ---------------------------------------------------------------- helpers

    private static String tco(SplittableRandom random) {
        return "https://t.co/" + randomString(random, 10);
    }

    private static String randomString(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return out.toString();
    }

    private static <T> T pick(SplittableRandom random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** Cuts to {@code maxCodePoints - 1} code points plus an ellipsis, as X does. */
    static String truncate(String text, int maxCodePoints) {
        if (text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        int end = text.offsetByCodePoints(0, maxCodePoints - 1);
        return text.substring(0, end) + "…";
    }

    private static String ellipsize(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String capitalize(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    private static double round6(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
