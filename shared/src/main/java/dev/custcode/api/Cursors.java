package dev.custcode.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Opaque page cursors: the position the next page resumes after (a code, a history item's key),
 * tied to the listing that issued it by a checksum of the listing and the position. A cursor cut
 * short, edited, or issued by another listing ({@code east}'s members asked of {@code hmt}, one
 * customer's history of another) is refused with a 400, never read as another page.
 */
final class Cursors {
    private static final String VERSION = "c2:";
    /** What a page of codes resumes after: a customer code. */
    static final Pattern CODE = Pattern.compile("[A-Z0-9-]{1,40}");

    private Cursors() {
    }

    /** The cursor of a page of {@code listing} (its folder, its customer, its query) that ends at {@code position}. */
    static String after(String listing, String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + check(listing, position) + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor of {@code listing} resumes after; a 400 problem when it is not one this listing issued. */
    static String decode(String listing, String cursor, Pattern position) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':', VERSION.length());
            if (text.startsWith(VERSION) && colon > 0) {
                String at = text.substring(colon + 1);
                if (text.substring(VERSION.length(), colon).equals(check(listing, at)) && position.matcher(at).matches()) {
                    return at;
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ProblemException.badRequest("cursor \"" + ApiReads.abbreviated(cursor) + "\" is not one this listing issued; start without a cursor");
    }

    private static String check(String listing, String position) {
        CRC32 crc = new CRC32();
        crc.update((listing + "\n" + position).getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
