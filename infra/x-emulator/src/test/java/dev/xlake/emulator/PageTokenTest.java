package dev.xlake.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageTokenTest {

    @Test
    void shouldRoundTripTheCursor() {
        String token = PageToken.encode(7, 2009958187207176195L, 1234);

        assertThat(token).matches("[0-9a-z]+");
        assertThat(PageToken.decode(7, token, 1234)).contains(2009958187207176195L);
    }

    @Test
    void shouldRejectTokensForAnotherQueryOrSeedOrTampered() {
        String token = PageToken.encode(7, 2009958187207176195L, 1234);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');

        assertThat(PageToken.decode(7, token, 999)).isEmpty();
        assertThat(PageToken.decode(8, token, 1234)).isEmpty();
        assertThat(PageToken.decode(7, tampered, 1234)).isEmpty();
        assertThat(PageToken.decode(7, "b26v89c19zqg8o3fpzbn1e0ffhxjiofzw6po136rvbnul", 1234))
                .isEmpty();
        assertThat(PageToken.decode(7, "not a token!", 1234)).isEmpty();
    }
}
