package dev.xlake.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * The emulator's pay-per-use account: a prepaid balance in US dollars that every page served
 * draws on (per post object in {@code data} and {@code includes.tweets}, per user object in
 * {@code includes.users}, at X's published read prices), answering 402 {@code CreditsDepleted}
 * once the balance cannot pay for a request's resources, until {@link #add} tops it up. Like X,
 * it charges a page in full even if that takes the balance below zero, and refuses the next
 * request. No daily deduplication. Unlimited unless a balance is set.
 */
public final class Credits {

    /** X's rates for "Posts: Read" and "User: Read" (docs/fetch.md, "What it costs"). */
    public static final BigDecimal POST_READ_USD = new BigDecimal("0.005");

    public static final BigDecimal USER_READ_USD = new BigDecimal("0.010");
    /** X's rates per {@code counts/recent} and {@code counts/all} request. */
    public static final BigDecimal COUNTS_RECENT_USD = new BigDecimal("0.005");

    public static final BigDecimal COUNTS_ALL_USD = new BigDecimal("0.010");

    private static final ObjectMapper JSON = new ObjectMapper();

    private BigDecimal balanceUsd;
    private BigDecimal spentUsd = BigDecimal.ZERO;

    /** @param balanceUsd null: never runs out */
    Credits(BigDecimal balanceUsd) {
        this.balanceUsd = balanceUsd;
    }

    /** Whether the next request is refused with 402. */
    synchronized boolean depleted() {
        return balanceUsd != null && balanceUsd.signum() <= 0;
    }

    /** Charges a served page body (as rendered, before it is serialised) for the resources it carries. */
    synchronized void charge(JsonNode body) {
        BigDecimal cost = costOf(body);
        spentUsd = spentUsd.add(cost);
        if (balanceUsd != null) {
            balanceUsd = balanceUsd.subtract(cost);
        }
    }

    /** Charges a request priced per request (counts). */
    synchronized void chargeRequest(BigDecimal cost) {
        spentUsd = spentUsd.add(cost);
        if (balanceUsd != null) {
            balanceUsd = balanceUsd.subtract(cost);
        }
    }

    /** Adds credits (a top-up); on an unlimited account it does nothing. */
    public synchronized void add(BigDecimal usd) {
        if (balanceUsd != null) {
            balanceUsd = balanceUsd.add(usd);
        }
    }

    /** What the pages served so far cost. */
    public synchronized BigDecimal spentUsd() {
        return spentUsd;
    }

    /** The balance left; null if unlimited. */
    public synchronized BigDecimal balanceUsd() {
        return balanceUsd;
    }

    /** The page's price from its tree: the tree is what the body's bytes are written from. */
    static BigDecimal costOf(JsonNode root) {
        long posts =
                root.path("data").size() + root.path("includes").path("tweets").size();
        long users = root.path("includes").path("users").size();
        return POST_READ_USD.multiply(BigDecimal.valueOf(posts)).add(USER_READ_USD.multiply(BigDecimal.valueOf(users)));
    }

    /**
     * X's 402 problem. The title is what X documents; the rest of the body is the emulator's (X's
     * OpenAPI spec does not describe it), and xlake acts on the status alone.
     */
    static ObjectNode depletedProblem() {
        ObjectNode body = JSON.createObjectNode();
        body.put("title", "CreditsDepleted");
        body.put("detail", "Your enrolled account does not have any credits to fulfill this request.");
        body.put("type", "https://api.twitter.com/2/problems/credits-depleted");
        body.put("status", 402);
        return body;
    }
}
