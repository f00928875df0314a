package dev.custcode.scheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed code template such as {@code {region}{type}{channel}{seq:6}}: literal text and
 * dimension letters form the prefix, then a zero-padded sequence number.
 *
 * <p>{@code CodeTemplate.parse("{region}{type}{seq:6}").prefix(Map.of("region","N","type","E"))}
 * gives {@code "NE"}, and {@code format("NE", 42)} gives {@code "NE000042"}.
 */
public final class CodeTemplate {
    private static final Pattern TOKEN = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9_-]*)(?::(\\d+))?}");

    /** One piece of the prefix: either literal text or a dimension whose letter is inserted. */
    private record Part(String literal, String dimension) {
    }

    private final String source;
    private final List<Part> prefixParts;
    private final int width;

    private CodeTemplate(String source, List<Part> prefixParts, int width) {
        this.source = source;
        this.prefixParts = prefixParts;
        this.width = width;
    }

    /**
     * Parses a template. The sequence placeholder {@code {seq:N}} must come last, with 1 ≤ N ≤ 12.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static CodeTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("code template is empty");
        }
        List<Part> parts = new ArrayList<>();
        Matcher m = TOKEN.matcher(template);
        int pos = 0;
        int width = -1;
        while (m.find()) {
            if (width >= 0) {
                throw new IllegalArgumentException("{seq:N} must be the last part of the code template");
            }
            if (m.start() > pos) {
                parts.add(literal(template.substring(pos, m.start())));
            }
            if (m.group(1).equals("seq")) {
                if (m.group(2) == null) {
                    throw new IllegalArgumentException("{seq} needs a width, e.g. {seq:6}");
                }
                width = Integer.parseInt(m.group(2));
                if (width < 1 || width > 12) {
                    throw new IllegalArgumentException("{seq:" + width + "}: width must be 1 to 12");
                }
            } else {
                if (m.group(2) != null) {
                    throw new IllegalArgumentException("{" + m.group(1) + ":" + m.group(2) + "}: only seq takes a width");
                }
                parts.add(new Part(null, m.group(1)));
            }
            pos = m.end();
        }
        if (pos < template.length()) {
            if (width >= 0) {
                throw new IllegalArgumentException("{seq:N} must be the last part of the code template");
            }
            parts.add(literal(template.substring(pos)));
        }
        if (width < 0) {
            throw new IllegalArgumentException("code template has no {seq:N}");
        }
        return new CodeTemplate(template, List.copyOf(parts), width);
    }

    private static Part literal(String text) {
        if (!text.matches("[A-Z0-9-]+")) {
            throw new IllegalArgumentException("literal \"" + text + "\": only A-Z, 0-9 and '-' may appear outside placeholders");
        }
        return new Part(text, null);
    }

    /** The dimension names the template inserts, in order. */
    public List<String> dimensions() {
        return prefixParts.stream().filter(p -> p.dimension() != null).map(Part::dimension).toList();
    }

    public int sequenceWidth() {
        return width;
    }

    /** The largest sequence number a code can carry. */
    public long maxSequence() {
        return (long) Math.pow(10, width) - 1;
    }

    /** Why no more customers can be created under a prefix whose counter passed {@link #maxSequence()}. */
    public String noNumbersLeft(String prefix) {
        return "prefix " + prefix + " has no numbers left: {seq:" + width + "} ends at " + maxSequence();
    }

    /** The prefix for the given dimension letters. */
    public String prefix(Map<String, String> lettersByDimension) {
        StringBuilder sb = new StringBuilder();
        for (Part p : prefixParts) {
            if (p.literal() != null) {
                sb.append(p.literal());
            } else {
                String letter = lettersByDimension.get(p.dimension());
                if (letter == null) {
                    throw new IllegalArgumentException("no letter for dimension " + p.dimension());
                }
                sb.append(letter);
            }
        }
        return sb.toString();
    }

    /** The full code: prefix and zero-padded sequence. */
    public String format(String prefix, long sequence) {
        if (sequence < 1 || sequence > maxSequence()) {
            throw new IllegalArgumentException("sequence " + sequence + " does not fit {seq:" + width + "}");
        }
        String digits = Long.toString(sequence);
        return prefix + "0".repeat(width - digits.length()) + digits;
    }

    @Override
    public String toString() {
        return source;
    }
}
