package dev.custcode.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** Opaque page cursors for folder members: the last code returned, encoded, versioned and checked. */
final class Cursors {
    private static final String VERSION = "m1:";
    private static final Pattern CODE = Pattern.compile("[A-Z0-9-]{1,40}");

    private Cursors() {
    }

    static String after(String code) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((VERSION + code).getBytes(StandardCharsets.UTF_8));
    }

    /** The code a cursor resumes after; a 400 problem when it is not one this API issued. */
    static String decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(VERSION) && CODE.matcher(text.substring(VERSION.length())).matches()) {
                return text.substring(VERSION.length());
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ProblemException.badRequest("cursor \"" + cursor + "\" is not one this API issued; start without a cursor");
    }
}
