package dev.xlake.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CorpusTest {

    static final long MINUTE = Instant.parse("2026-01-10T11:00:00Z").getEpochSecond() / 60;

    static List<CorpusTweet> minutes(Corpus corpus, long from, int count) {
        List<CorpusTweet> tweets = new ArrayList<>();
        for (long m = from; m < from + count; m++) {
            tweets.addAll(corpus.minute(m));
        }
        return tweets;
    }

    @Test
    void shouldGenerateTheSameTweetsForTheSameSeedInAnyOrder() {
        Corpus first = new Corpus(42, 12, 500);
        Corpus second = new Corpus(42, 12, 500);

        // The second corpus generates later minutes first: content must not depend on call order.
        List<CorpusTweet> later = minutes(second, MINUTE + 30, 30);
        List<CorpusTweet> a = minutes(first, MINUTE, 60);
        List<CorpusTweet> b = minutes(second, MINUTE, 30);
        b.addAll(later);

        assertThat(a)
                .extracting(CorpusTweet::id)
                .containsExactlyElementsOf(b.stream().map(CorpusTweet::id).toList());
        assertThat(a)
                .extracting(CorpusTweet::text)
                .containsExactlyElementsOf(b.stream().map(CorpusTweet::text).toList());
        assertThat(a)
                .extracting(t -> t.author().username())
                .containsExactlyElementsOf(
                        b.stream().map(t -> t.author().username()).toList());
    }

    @Test
    void shouldGenerateDifferentTweetsForAnotherSeed() {
        List<Long> a = minutes(new Corpus(1, 12, 500), MINUTE, 10).stream()
                .map(CorpusTweet::id)
                .toList();
        List<Long> b = minutes(new Corpus(2, 12, 500), MINUTE, 10).stream()
                .map(CorpusTweet::id)
                .toList();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void shouldIssueTimeOrderedUniqueSnowflakeIdsInsideTheirMinute() {
        Corpus corpus = new Corpus(42, 30, 500);
        List<CorpusTweet> tweets = minutes(corpus, MINUTE, 120);

        assertThat(tweets).extracting(CorpusTweet::id).isSorted().doesNotHaveDuplicates();
        for (CorpusTweet tweet : tweets) {
            assertThat(Snowflake.instant(tweet.id())).isEqualTo(tweet.createdAt());
            assertThat(tweet.createdAt().getEpochSecond() / 60).isBetween(MINUTE, MINUTE + 119);
            assertThat(corpus.tweet(tweet.id())).contains(tweet);
        }
        assertThat(corpus.tweet(tweets.get(0).id() + 1)).isEmpty();
    }

    @Test
    void shouldAverageTheConfiguredRate() {
        int tweets = minutes(new Corpus(42, 12, 500), MINUTE, 1_000).size();

        assertThat(tweets).isBetween(11_400, 12_600);
    }

    @Test
    void shouldProduceTheVarietyARealStreamHas() {
        Corpus corpus = new Corpus(42, 20, 1_000);
        List<CorpusTweet> tweets = minutes(corpus, MINUTE, 600);

        Set<CorpusTweet.Kind> kinds = tweets.stream().map(CorpusTweet::kind).collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrder(CorpusTweet.Kind.values());
        assertThat(tweets)
                .anySatisfy(t -> assertThat(t.noteText())
                        .isNotNull()
                        .satisfies(
                                n -> assertThat(n.codePointCount(0, n.length())).isGreaterThan(280)));
        assertThat(tweets).anySatisfy(t -> assertThat(t.media()).isNotEmpty());
        assertThat(tweets).anySatisfy(t -> assertThat(t.placeId()).isNotNull());
        assertThat(tweets).anySatisfy(t -> assertThat(t.withheldCountryCodes()).isNotEmpty());
        assertThat(tweets).anySatisfy(t -> assertThat(t.edited()).isTrue());
        assertThat(tweets).anySatisfy(t -> assertThat(t.hidden()).isTrue());
        assertThat(tweets).anySatisfy(t -> assertThat(t.author().unavailable()).isTrue());
        assertThat(tweets)
                .anySatisfy(t -> assertThat(t.metrics().impressionCount()).isNull());
        assertThat(tweets).anySatisfy(t -> assertThat(t.text()).containsPattern("[\\x{1F300}-\\x{1FAFF}]"));
        assertThat(tweets).anySatisfy(t -> assertThat(t.entities().cashtags()).isNotEmpty());
        assertThat(tweets).anySatisfy(t -> assertThat(t.entities().urls()).isNotEmpty());
        assertThat(tweets.stream().map(CorpusTweet::lang).collect(Collectors.toSet()))
                .hasSizeGreaterThan(8);
        assertThat(tweets)
                .allSatisfy(t -> assertThat(t.text().codePointCount(0, t.text().length()))
                        .isLessThanOrEqualTo(280));
    }

    @Test
    void shouldPointReferencesAtOlderOriginalTweetsThatExist() {
        Corpus corpus = new Corpus(42, 12, 500);
        List<CorpusTweet> references = minutes(corpus, MINUTE, 120).stream()
                .filter(t -> t.kind() != CorpusTweet.Kind.ORIGINAL)
                .toList();

        assertThat(references).hasSizeGreaterThan(100);
        for (CorpusTweet tweet : references) {
            CorpusTweet target = corpus.tweet(tweet.referencedId()).orElseThrow();
            assertThat(target.id()).isLessThan(tweet.id());
            assertThat(target.kind()).isEqualTo(CorpusTweet.Kind.ORIGINAL);
            assertThat(target.author()).isEqualTo(tweet.referencedAuthor());
            if (tweet.kind() == CorpusTweet.Kind.RETWEET) {
                assertThat(tweet.text()).startsWith("RT @" + target.author().username() + ": ");
            }
            if (tweet.kind() == CorpusTweet.Kind.REPLY) {
                assertThat(tweet.conversationId()).isEqualTo(target.id());
                assertThat(tweet.text()).startsWith("@" + target.author().username() + " ");
            }
        }
    }

    @Test
    void shouldIndexEntitiesByCodePoints() {
        List<CorpusTweet> tweets = minutes(new Corpus(42, 12, 500), MINUTE, 200);

        for (CorpusTweet tweet : tweets) {
            String text = tweet.text();
            int[] codePoints = text.codePoints().toArray();
            TextEntities entities = tweet.entities();
            entities.hashtags()
                    .forEach(h ->
                            assertThat(slice(codePoints, h.start(), h.end())).isEqualTo("#" + h.value()));
            entities.mentions()
                    .forEach(m ->
                            assertThat(slice(codePoints, m.start(), m.end())).isEqualTo("@" + m.value()));
            entities.urls()
                    .forEach(u -> assertThat(slice(codePoints, u.start(), u.end()))
                            .isEqualTo(u.info().url()));
        }
    }

    static String slice(int[] codePoints, int start, int end) {
        return new String(codePoints, start, end - start);
    }

    @Test
    void shouldGiveUsersUniqueValidHandles() {
        List<CorpusUser> users = new Corpus(42, 12, 2_000).users();

        assertThat(users).extracting(u -> u.username().toLowerCase()).doesNotHaveDuplicates();
        assertThat(users).extracting(CorpusUser::id).doesNotHaveDuplicates();
        assertThat(users).allSatisfy(u -> assertThat(u.username()).matches("[A-Za-z0-9_]{1,15}"));
    }
}
