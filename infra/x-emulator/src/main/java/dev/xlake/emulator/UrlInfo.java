package dev.xlake.emulator;

/**
 * What X knows about one t.co link in a text: where it leads and, for links it unwound, the page
 * title and description. Media links carry the media key instead.
 */
record UrlInfo(
        String url,
        String expandedUrl,
        String displayUrl,
        String mediaKey,
        String title,
        String description,
        String unwoundUrl,
        Integer status) {

    static UrlInfo plain(String url, String expandedUrl, String displayUrl) {
        return new UrlInfo(url, expandedUrl, displayUrl, null, null, null, null, null);
    }
}
