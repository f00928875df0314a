package dev.custcode.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may read what through the API: {@code config/access.json}, written by an administrator.
 *
 * <pre>{@code
 * {"grants": [
 *    {"principal": "arn:aws:iam::123456789012:role/north-sales", "folders": ["north"]},
 *    {"principal": "arn:aws:sts::123456789012:assumed-role/stewards/*", "folders": ["*"], "personal": true},
 *    {"principal": "group:stewards", "folders": ["*"], "personal": true}],
 *  "default": {"folders": ["*"], "personal": false}}
 * }</pre>
 *
 * <p>A caller is known by what API Gateway's authorizer says: with IAM, its user or role ARN (and,
 * for an assumed role, the role's ARN too); with JWTs, {@code sub:<subject>} and
 * {@code group:<name>} for each {@code cognito:groups} entry. {@code *} in a principal matches
 * anything. A caller gets the union of every grant naming it, or the default when none does;
 * without {@code config/access.json} every caller sees every folder with personal data masked.
 *
 * @param grants   principals and what they may read
 * @param fallback what any other caller may read ({@code default} in the file)
 */
public record Access(List<Grant> grants, Grant fallback) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Everything, personal data masked: no access file. */
    public static final Access OPEN = new Access(List.of(), new Grant("*", List.of("*"), false));

    /**
     * @param principal who (a pattern with {@code *})
     * @param folders   folder paths they may read, with everything below them ({@code *}: all)
     * @param personal  whether personal fields are shown in full
     */
    public record Grant(String principal, List<String> folders, boolean personal) {
        public Grant {
            folders = folders == null ? List.of() : List.copyOf(folders);
        }
    }

    private record File(List<Grant> grants, @com.fasterxml.jackson.annotation.JsonProperty("default") Grant fallback) {
    }

    public Access {
        grants = grants == null ? List.of() : List.copyOf(grants);
        fallback = fallback == null ? new Grant("*", List.of(), false) : fallback;
    }

    /** @throws IllegalArgumentException when the file is not an access file */
    public static Access parse(byte[] json) {
        try {
            File f = JSON.readValue(json, File.class);
            Access access = new Access(f.grants(), f.fallback());
            for (Grant g : access.grants()) {
                if (g.principal() == null || g.principal().isBlank()) {
                    throw new IllegalArgumentException("a grant without a principal");
                }
            }
            return access;
        } catch (IOException e) {
            throw new IllegalArgumentException("config/access.json is not an access file: " + e.getMessage(), e);
        }
    }

    /** What a caller known by these identities may read. */
    public Viewer viewer(List<String> identities) {
        Set<String> folders = new LinkedHashSet<>();
        boolean personal = false;
        boolean named = false;
        for (Grant g : grants) {
            Pattern p = glob(g.principal());
            if (identities.stream().anyMatch(id -> p.matcher(id).matches())) {
                named = true;
                folders.addAll(g.folders());
                personal |= g.personal();
            }
        }
        if (!named) {
            return new Viewer(new ArrayList<>(fallback.folders()), fallback.personal());
        }
        return new Viewer(new ArrayList<>(folders), personal);
    }

    private static Pattern glob(String pattern) {
        StringBuilder sb = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            sb.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(sb.toString());
    }

    /**
     * One caller's reach.
     *
     * @param folders  folder paths readable with everything below them; {@code *} for all
     * @param personal whether personal fields are shown in full
     */
    public record Viewer(List<String> folders, boolean personal) {
        /** Everything, in full: for in-process callers and tests. */
        public static final Viewer ALL = new Viewer(List.of("*"), true);

        public Viewer {
            folders = List.copyOf(folders);
        }

        public boolean all() {
            return folders.contains("*");
        }

        /** Whether a customer filed in this folder (or this folder's whole content) is readable. */
        public boolean sees(String folder) {
            return all() || folders.stream().anyMatch(f -> folder.equals(f) || folder.startsWith(f + "/"));
        }

        /** Whether some of this folder is readable: it is readable, or it holds a readable one. */
        public boolean seesPartOf(String folder) {
            return sees(folder) || folders.stream().anyMatch(f -> f.startsWith(folder + "/"));
        }
    }
}
