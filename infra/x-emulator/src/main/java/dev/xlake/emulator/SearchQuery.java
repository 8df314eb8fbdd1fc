package dev.xlake.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A parsed recent-search query: the subset of X's query language the emulator understands.
 *
 * <ul>
 *   <li>keywords (tokenized, case-insensitive: {@code kpop} matches "#KPOP!" too), and
 *       {@code "quoted phrases"} (consecutive tokens); a keyword in a script written without
 *       spaces (CJK, Thai) matches as a substring;</li>
 *   <li>{@code #hashtag}, {@code @mention}, {@code $cashtag};</li>
 *   <li>{@code from:user}, {@code to:user}, {@code lang:xx}, {@code url:text},
 *       {@code conversation_id:id};</li>
 *   <li>{@code is:retweet|reply|quote|verified},
 *       {@code has:media|images|videos|links|hashtags|mentions|cashtags|geo};</li>
 *   <li>AND by juxtaposition, {@code OR} (upper case; AND binds tighter, as on X), parentheses,
 *       {@code -} negation of any term or group.</li>
 * </ul>
 * Like X, a query needs at least one positive clause that is not an {@code is:}/{@code has:}/
 * {@code lang:} operator; anything else unknown is rejected with an X-style message.
 */
final class SearchQuery {

    /** Thrown for a query X would answer with 400; the message is X's wording. */
    static final class InvalidQueryException extends RuntimeException {
        InvalidQueryException(String message) {
            super("There were errors processing your request: " + message);
        }
    }

    interface Node {
        boolean matches(CorpusTweet tweet);
    }

    private static final Set<String> IS_VALUES = Set.of("retweet", "reply", "quote", "verified");
    private static final Set<String> HAS_VALUES =
            Set.of("media", "images", "videos", "links", "hashtags", "mentions", "cashtags", "geo");

    private final String text;
    private final Node root;

    private SearchQuery(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    static SearchQuery parse(String query) {
        Parser parser = new Parser(query);
        Node root = parser.parseOr();
        if (parser.position < parser.tokens.size()) {
            Token stray = parser.tokens.get(parser.position);
            throw new InvalidQueryException("Unexpected '" + stray.text + "' (at position " + stray.position + ")");
        }
        if (!hasPositiveStandalone(root)) {
            throw new InvalidQueryException(
                    "Rules must contain at least one positive, non-stopword clause (at position 1)");
        }
        return new SearchQuery(query, root);
    }

    boolean matches(CorpusTweet tweet) {
        return root.matches(tweet);
    }

    String text() {
        return text;
    }

    private static boolean hasPositiveStandalone(Node node) {
        if (node instanceof And and) {
            return and.children.stream().anyMatch(SearchQuery::hasPositiveStandalone);
        }
        if (node instanceof Or or) {
            return or.children.stream().allMatch(SearchQuery::hasPositiveStandalone);
        }
        if (node instanceof Not) {
            return false;
        }
        return !(node instanceof Leaf leaf) || leaf.standalone;
    }

    // ---------------------------------------------------------------- AST

    private record And(List<Node> children) implements Node {
        public boolean matches(CorpusTweet tweet) {
            // loops, not streams: this runs for every tweet of the window a query scans
            for (Node child : children) {
                if (!child.matches(tweet)) {
                    return false;
                }
            }
            return true;
        }
    }

    private record Or(List<Node> children) implements Node {
        public boolean matches(CorpusTweet tweet) {
            for (Node child : children) {
                if (child.matches(tweet)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Not(Node child) implements Node {
        public boolean matches(CorpusTweet tweet) {
            return !child.matches(tweet);
        }
    }

    private record Leaf(String description, boolean standalone, java.util.function.Predicate<CorpusTweet> test)
            implements Node {
        public boolean matches(CorpusTweet tweet) {
            return test.test(tweet);
        }
    }

    // ---------------------------------------------------------------- tokens and parser

    private record Token(String text, int position, boolean quoted, boolean negated) {
        boolean is(String value) {
            return !quoted && !negated && text.equals(value);
        }
    }

    private static final class Parser {
        final List<Token> tokens;
        int position;

        Parser(String query) {
            this.tokens = tokenize(query);
        }

        Node parseOr() {
            List<Node> alternatives = new ArrayList<>();
            alternatives.add(parseAnd());
            while (position < tokens.size() && tokens.get(position).is("OR")) {
                Token or = tokens.get(position++);
                if (position >= tokens.size()
                        || tokens.get(position).is(")")
                        || tokens.get(position).is("OR")) {
                    throw new InvalidQueryException(
                            "Ambiguous use of or as a keyword. Use a space to logically join two clauses, or \"or\" to find occurrences of or in text (at position "
                                    + or.position + ")");
                }
                alternatives.add(parseAnd());
            }
            return alternatives.size() == 1 ? alternatives.get(0) : new Or(alternatives);
        }

        Node parseAnd() {
            List<Node> terms = new ArrayList<>();
            while (position < tokens.size()) {
                Token token = tokens.get(position);
                if (token.is(")") || token.is("OR")) {
                    break;
                }
                terms.add(parseUnary());
            }
            if (terms.isEmpty()) {
                int at = position < tokens.size()
                        ? tokens.get(position).position
                        : tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).position;
                throw new InvalidQueryException(
                        "Ambiguous use of or as a keyword. Use a space to logically join two clauses, or \"or\" to find occurrences of or in text (at position "
                                + at + ")");
            }
            return terms.size() == 1 ? terms.get(0) : new And(terms);
        }

        Node parseUnary() {
            Token token = tokens.get(position++);
            if (!token.quoted && (token.text.equals("(") || token.text.equals("-("))) {
                Node group = parseOr();
                if (position >= tokens.size() || !tokens.get(position).is(")")) {
                    throw new InvalidQueryException("Missing closing parenthesis (at position " + token.position + ")");
                }
                position++;
                return token.text.startsWith("-") ? new Not(group) : group;
            }
            Node leaf = leaf(token);
            return token.negated ? new Not(leaf) : leaf;
        }
    }

    private static List<Token> tokenize(String query) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            boolean negated = false;
            if (c == '-' && i + 1 < query.length() && !Character.isWhitespace(query.charAt(i + 1))) {
                negated = true;
                i++;
                c = query.charAt(i);
            }
            if (c == '(') {
                tokens.add(new Token(negated ? "-(" : "(", start + 1, false, false));
                i++;
            } else if (c == ')') {
                if (negated) {
                    throw new InvalidQueryException("Unexpected '-' (at position " + (start + 1) + ")");
                }
                tokens.add(new Token(")", start + 1, false, false));
                i++;
            } else if (c == '"') {
                int close = query.indexOf('"', i + 1);
                if (close < 0) {
                    throw new InvalidQueryException("Missing closing quote (at position " + (start + 1) + ")");
                }
                tokens.add(new Token(query.substring(i + 1, close), start + 1, true, negated));
                i = close + 1;
            } else {
                int end = i;
                while (end < query.length()
                        && !Character.isWhitespace(query.charAt(end))
                        && query.charAt(end) != '('
                        && query.charAt(end) != ')'
                        && query.charAt(end) != '"') {
                    end++;
                }
                tokens.add(new Token(query.substring(i, end), start + 1, false, negated));
                i = end;
            }
        }
        if (tokens.isEmpty()) {
            throw new InvalidQueryException(
                    "Rules must contain at least one positive, non-stopword clause (at position 1)");
        }
        return tokens;
    }

    private static Node leaf(Token token) {
        String raw = token.text;
        if (token.quoted) {
            return keyword(raw, true);
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (raw.length() > 1 && raw.charAt(0) == '#') {
            String tag = lower.substring(1);
            return new Leaf(raw, true, t -> t.features().hashtags().contains(tag));
        }
        if (raw.length() > 1 && raw.charAt(0) == '@') {
            String user = lower.substring(1);
            return new Leaf(raw, true, t -> t.features().mentions().contains(user));
        }
        if (raw.length() > 1 && raw.charAt(0) == '$' && Character.isLetter(raw.charAt(1))) {
            String tag = lower.substring(1);
            return new Leaf(raw, true, t -> t.features().cashtags().contains(tag));
        }
        int colon = raw.indexOf(':');
        if (colon > 0 && raw.substring(0, colon).matches("[a-z_]+") && !raw.startsWith("http")) {
            return operator(token, lower.substring(0, colon), raw.substring(colon + 1));
        }
        return keyword(raw, false);
    }

    private static Node operator(Token token, String name, String rawValue) {
        String value = rawValue.toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            throw new InvalidQueryException(
                    "Operator '" + name + "' requires a value (at position " + token.position + ")");
        }
        String value1 = value.startsWith("@") ? value.substring(1) : value;
        return switch (name) {
            case "from" -> new Leaf(token.text, true, t -> t.features().author().equals(value1));
            case "to" ->
                new Leaf(token.text, true, t -> value1.equals(t.features().inReplyTo()));
            case "lang" -> new Leaf(token.text, false, t -> t.lang().equalsIgnoreCase(value));
            case "url" ->
                new Leaf(
                        token.text,
                        true,
                        t -> t.features().expandedUrls().stream().anyMatch(u -> u.contains(value)));
            case "conversation_id" ->
                new Leaf(
                        token.text, true, t -> Long.toString(t.conversationId()).equals(value));
            case "is" -> {
                if (!IS_VALUES.contains(value)) {
                    throw invalidOperator(token);
                }
                yield new Leaf(token.text, false, t -> switch (value) {
                    case "retweet" -> t.kind() == CorpusTweet.Kind.RETWEET;
                    case "reply" -> t.kind() == CorpusTweet.Kind.REPLY;
                    case "quote" -> t.kind() == CorpusTweet.Kind.QUOTE;
                    default -> t.author().verified();
                });
            }
            case "has" -> {
                if (!HAS_VALUES.contains(value)) {
                    throw invalidOperator(token);
                }
                yield new Leaf(token.text, false, t -> switch (value) {
                    case "media" -> t.features().hasMedia();
                    case "images" -> t.media().stream().anyMatch(m -> m.type().equals("photo"));
                    case "videos" -> t.media().stream().anyMatch(m -> !m.type().equals("photo"));
                    case "links" -> !t.features().expandedUrls().isEmpty();
                    case "hashtags" -> !t.features().hashtags().isEmpty();
                    case "mentions" -> !t.features().mentions().isEmpty();
                    case "cashtags" -> !t.features().cashtags().isEmpty();
                    default -> t.features().hasGeo();
                });
            }
            default -> throw invalidOperator(token);
        };
    }

    private static InvalidQueryException invalidOperator(Token token) {
        return new InvalidQueryException("Reference to invalid operator '" + token.text
                + "'. Operator is not available in current product or product packaging. Please refer to complete"
                + " available operator list at https://developer.twitter.com/en/docs/twitter-api/tweets/search/integrate/build-a-query."
                + " (at position " + token.position + ")");
    }

    private static Node keyword(String raw, boolean phrase) {
        List<String> sequence = TweetFeatures.tokenize(raw);
        boolean unspacedScript = raw.codePoints().anyMatch(SearchQuery::isUnspacedScript);
        if (sequence.isEmpty() || unspacedScript) {
            String needle = raw.toLowerCase(Locale.ROOT);
            if (needle.isBlank()) {
                throw new InvalidQueryException("Empty phrase");
            }
            return new Leaf(raw, true, t -> t.features().text().lower().contains(needle));
        }
        return new Leaf(
                phrase ? "\"" + raw + "\"" : raw, true, t -> t.features().text().containsSequence(sequence));
    }

    private static boolean isUnspacedScript(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA
                || script == Character.UnicodeScript.THAI;
    }

    @Override
    public String toString() {
        return text;
    }
}
