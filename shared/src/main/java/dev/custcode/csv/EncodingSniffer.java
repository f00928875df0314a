package dev.custcode.csv;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decides a file's encoding from its first bytes by BOM, then by strict decoding.
 *
 * <p>Why strict decoding and not a statistical detector: the encodings that occur here are few
 * (Excel writes UTF-8 with BOM, UTF-16LE with BOM, or the Windows ANSI code page, which on
 * Chinese Windows is GBK), and they are told apart reliably by structure. Valid UTF-8 is almost
 * never produced by chance from GBK text with Chinese in it (GBK trail bytes break UTF-8's
 * continuation rules), so: BOM if present; else UTF-8 if the sample decodes strictly; else
 * GB18030 (a superset of GBK and GB2312) if it decodes strictly and reads as Chinese — unless it is
 * Shift_JIS with half-width katakana spelled as Japanese ({@link HalfWidthKana}), whose bytes GBK and
 * Big5 also read as common Chinese characters, or Korean ({@link Hangul}), whose syllables GB18030 reads
 * as common Chinese characters, so they are looked for first. A file that
 * GB18030 reads as something else — kana and Greek letters, private-use characters, a Chinese
 * character inside a Latin word — was saved by a Windows of another country: Big5 (Taiwan, Hong
 * Kong), Shift_JIS (Japan), Windows-1251 (Cyrillic: Иванов), Windows-1250 (Poland, Czechia: Wrocław, Dvořák) or
 * Windows-1252 (western Europe: Müller, José), each taken only when the
 * file reads as that script ({@link Script}); else GB18030 as before, else the file is not text we
 * can read. A statistical detector would add guesses (ISO-8859-x, KOI8 …) that are wrong far more
 * often than they are needed for these exports.
 */
public final class EncodingSniffer {
    public static final Charset GB18030 = Charset.forName("GB18030");

    private EncodingSniffer() {
    }

    /**
     * @param sample      the first bytes of the file
     * @param length      how many bytes of {@code sample} are valid
     * @param wholeFile   whether the sample is the entire file (so a truncated final character is an error)
     */
    public static DetectedEncoding sniff(byte[] sample, int length, boolean wholeFile) throws InputFormatException {
        if (length >= 3 && (sample[0] & 0xFF) == 0xEF && (sample[1] & 0xFF) == 0xBB && (sample[2] & 0xFF) == 0xBF) {
            return new DetectedEncoding(StandardCharsets.UTF_8, 3, "UTF-8 byte-order mark");
        }
        if (length >= 2 && (sample[0] & 0xFF) == 0xFF && (sample[1] & 0xFF) == 0xFE) {
            return new DetectedEncoding(StandardCharsets.UTF_16LE, 2, "UTF-16LE byte-order mark");
        }
        if (length >= 2 && (sample[0] & 0xFF) == 0xFE && (sample[1] & 0xFF) == 0xFF) {
            return new DetectedEncoding(StandardCharsets.UTF_16BE, 2, "UTF-16BE byte-order mark");
        }
        int nul = 0;
        int control = 0;
        for (int i = 0; i < length; i++) {
            int b = sample[i] & 0xFF;
            if (b == 0) {
                nul++;
            } else if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x0C) {
                control++;
            }
        }
        // A stray NUL or two in text (a damaged line) is that line's problem, rejected with it; UTF-16 has one
        // in every ASCII character (each delimiter and line break at least), binary data (a spreadsheet saved as
        // .xlsx, a zip, an image) has them throughout.
        boolean manyNuls = nul > 2 + length / 1000;
        if (manyNuls) {
            // Unicode text some tools save without a byte-order mark: ASCII's high bytes are NULs.
            for (Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
                if (decodes(utf16, sample, length - length % 2, wholeFile && length % 2 == 0) && looksLikeCsv(decoded(utf16, sample, length - length % 2))) {
                    return new DetectedEncoding(utf16, 0, utf16.name() + " without a byte-order mark (every other byte of its ASCII is NUL)");
                }
            }
        }
        if (manyNuls || control > Math.max(8, length / 100)) {
            throw new InputFormatException(InputFormatException.Kind.BINARY_FILE,
                    "the file is not text: " + (nul > 0 ? nul + " NUL bytes" : control + " control bytes")
                            + " in its first " + length + " bytes, and it is neither UTF-16 with or without a byte-order mark nor any other encoding read here"
                            + " (a spreadsheet saved as .xlsx, a zip, an image?); save it from Excel as CSV UTF-8");
        }
        if (decodes(StandardCharsets.UTF_8, sample, length, wholeFile)) {
            return new DetectedEncoding(StandardCharsets.UTF_8, 0, "decodes as UTF-8");
        }
        int[] votes = utf8Lines(sample, length, wholeFile);
        // As many valid UTF-8 lines as others (one of each in a file of ASCII lines): UTF-8 too. A line of
        // another encoding is then rejected, where reading the file in that encoding would garble the UTF-8
        // line without a word (Jürgen read as JÃ¼rgen).
        if (votes[0] > 0 && votes[0] >= votes[1]) {
            // Mostly UTF-8 with some lines in another encoding (files pasted together): read as
            // UTF-8 so that the foreign lines are rejected one by one, not the whole file garbled.
            return new DetectedEncoding(StandardCharsets.UTF_8, 0,
                    "UTF-8 (" + votes[0] + " of " + (votes[0] + votes[1]) + " non-ASCII lines in the first " + length + " bytes are valid UTF-8)");
        }
        // Half-width katakana (ｶﾌﾞｼｷｶﾞｲｼｬ) are bytes GB18030 and Big5 read as common Chinese characters
        // two by two, so a Shift_JIS file of kana names can pass for either when its kana runs happen to be
        // of even length. It is taken for Shift_JIS first when all its kana runs keep the syllabary's rules
        // and at least one voiced mark sits where one can (HalfWidthKana): GBK or Big5 text read as
        // Shift_JIS breaks them within a few lines (measured on the Chinese names of this project's tests,
        // a header and n rows of two names: 7 of 3,000 files with one row kept them, 1 of 3,000 with two or
        // with three, none with five or more; no Big5 file). A Chinese header read as kana is no header, and CustomerCsvReader
        // then takes the encoding that reads it. Kana without any voiced mark are judged below, after
        // GB18030 and Big5.
        if (decodes(SHIFT_JIS.charset(), sample, length, wholeFile)) {
            String japanese = decoded(SHIFT_JIS.charset(), sample, length);
            HalfWidthKana kana = HalfWidthKana.in(japanese);
            if (kana.implausible() == 0 && kana.marks() > 0 && Script.JAPANESE.reads(japanese)) {
                return new DetectedEncoding(SHIFT_JIS.charset(), 0, "not UTF-8, reads as " + SHIFT_JIS.described() + " with "
                        + kana.plausible() + " half-width katakana, all spelled as Japanese spells them");
            }
        }
        // Korean (Excel on a Korean Windows writes CP949): its Hangul syllables are bytes GB18030 reads as
        // common Chinese characters, every one of them in GB2312, so it is looked for before GB18030, and
        // taken only when its syllables are mostly those Korean writes most (Hangul.common): Chinese read
        // as CP949 is Hangul too, but of syllables met by chance, never more than a fifth of them common
        // (measured on generated GBK, Big5 and Shift_JIS lists of one to eight rows).
        if (decodes(KOREAN.charset(), sample, length, wholeFile)) {
            String korean = decoded(KOREAN.charset(), sample, length);
            Hangul hangul = Hangul.in(korean);
            if (hangul.syllables() >= Hangul.ENOUGH && Script.KOREAN.reads(korean)) {
                return new DetectedEncoding(KOREAN.charset(), 0, "not UTF-8, reads as " + KOREAN.described() + " with "
                        + hangul.syllables() + " Hangul syllables, " + hangul.common() + " of them common in Korean");
            }
        }
        // Cyrillic (Excel on a Russian Windows writes Windows-1251): words of Russian letters whose bytes GB18030
        // often reads as common Chinese characters two by two. GBK read as 1251 is a third signs and rarer letters.
        if (decodes(CYRILLIC.charset(), sample, length, wholeFile) && Script.CYRILLIC.reads(decoded(CYRILLIC.charset(), sample, length))) {
            return new DetectedEncoding(CYRILLIC.charset(), 0, "not UTF-8, reads as " + CYRILLIC.described());
        }
        boolean gb = decodes(GB18030, sample, length, wholeFile);
        if (gb && Script.SIMPLIFIED.reads(decoded(GB18030, sample, length))) {
            return new DetectedEncoding(GB18030, 0, "not UTF-8, decodes as GB18030/GBK");
        }
        // Not Chinese as GBK reads it (kana, Greek, private-use or a character inside a Latin word):
        // a file saved by Windows in Taiwan or Hong Kong, Japan, or western Europe, if it reads as such.
        for (Candidate c : OTHERS) {
            if (decodes(c.charset(), sample, length, wholeFile) && c.script().reads(decoded(c.charset(), sample, length))) {
                return new DetectedEncoding(c.charset(), 0, "not UTF-8" + (gb ? ", not Chinese as GB18030/GBK reads it" : " or GB18030/GBK")
                        + ", reads as " + c.described());
            }
        }
        Charset western = OTHERS.get(OTHERS.size() - 1).charset();
        if (gb && decodes(western, sample, length, wholeFile) && Script.LATIN.reads(decoded(western, sample, length), Script.PAIRED_ACCENTS)) {
            // A short list of Spanish or Czech names: pairs of accented letters (Núñez) that GB18030 decodes to characters.
            return new DetectedEncoding(western, 0, "not UTF-8, not Chinese as GB18030/GBK reads it, reads as Windows-1252 (western European)");
        }
        if (gb) {
            return new DetectedEncoding(GB18030, 0, "not UTF-8, decodes as GB18030/GBK (though not all of it as Chinese text)");
        }
        if (votes[2] > votes[1]) {
            // ASCII but for a few damaged lines that no encoding reads: those lines are rejected, not the file.
            return new DetectedEncoding(StandardCharsets.UTF_8, 0, "UTF-8 (" + votes[2] + " lines in the first " + length
                    + " bytes are ASCII; " + votes[1] + " hold bytes no encoding read here makes text of)");
        }
        throw new InputFormatException(InputFormatException.Kind.BINARY_FILE,
                "the file's encoding is not UTF-8, UTF-16 with BOM, GB18030/GBK, Big5, Shift_JIS, CP949/EUC-KR, Windows-1251, -1250 or -1252");
    }

    /**
     * The other encodings the sample decodes in without an error, GB18030 first: what the file may
     * be when the one {@link #sniff} chose reads its header as no customer list's (a mainland list
     * with enough traditional names is no longer "Chinese as GB2312 has it", and Big5 decodes many
     * GBK files too). Empty for a file with a byte-order mark, or one in UTF-8.
     */
    public static List<DetectedEncoding> alternatives(DetectedEncoding chosen, byte[] sample, int length, boolean wholeFile) {
        if (chosen.bomLength() > 0 || chosen.charset().equals(StandardCharsets.UTF_8)
                || chosen.charset().equals(StandardCharsets.UTF_16LE) || chosen.charset().equals(StandardCharsets.UTF_16BE)) {
            return List.of();
        }
        List<DetectedEncoding> out = new java.util.ArrayList<>();
        if (!chosen.charset().equals(GB18030) && decodes(GB18030, sample, length, wholeFile)) {
            out.add(new DetectedEncoding(GB18030, 0, "decodes as GB18030/GBK"));
        }
        for (Candidate c : OTHERS) {
            if (!chosen.charset().equals(c.charset()) && decodes(c.charset(), sample, length, wholeFile)) {
                out.add(new DetectedEncoding(c.charset(), 0, "decodes as " + c.described()));
            }
        }
        return out;
    }

    /** Microsoft's Shift_JIS (windows-31j): what Excel on a Japanese Windows writes, NEC and IBM characters included. */
    private static final Candidate SHIFT_JIS = new Candidate(Charset.forName("windows-31j"), Script.JAPANESE, "Shift_JIS (Japanese)");

    /** Microsoft's Korean code page (CP949, EUC-KR and its extra Hangul syllables): what Excel on a Korean Windows writes. */
    private static final Candidate KOREAN = new Candidate(Charset.forName("x-windows-949"), Script.KOREAN, "CP949/EUC-KR (Korean)");

    /** What Excel on a Russian (Ukrainian, Bulgarian, Serbian) Windows writes. */
    private static final Candidate CYRILLIC = new Candidate(Charset.forName("windows-1251"), Script.CYRILLIC, "Windows-1251 (Cyrillic)");

    /** The encodings tried when GB18030 does not read a file as Chinese, in this order. */
    private static final List<Candidate> OTHERS = List.of(
            new Candidate(Charset.forName("Big5-HKSCS"), Script.TRADITIONAL, "Big5 (traditional Chinese)"),
            SHIFT_JIS,
            KOREAN,
            CYRILLIC,
            new Candidate(Charset.forName("windows-1250"), Script.CENTRAL_EUROPEAN, "Windows-1250 (central European)"),
            new Candidate(Charset.forName("windows-1252"), Script.LATIN, "Windows-1252 (western European)"));

    private record Candidate(Charset charset, Script script, String described) {
    }

    /**
     * What the text of a file in an encoding looks like, judged on its non-ASCII characters: text
     * read in the wrong one is mostly characters no customer list has (kana and Greek from Big5 read
     * as GBK, rare characters outside GB2312 from Shift_JIS read as GBK, private-use characters, a
     * Chinese character between two Latin letters from Müller read as GBK, half-width katakana spelled
     * as no Japanese word is from GBK read as Shift_JIS, or long runs of accented letters from GBK read
     * as Windows-1252). At most one in twenty non-ASCII characters may be odd.
     */
    enum Script {
        /** Chinese as GB2312 has it: its 6,763 common characters and its symbols. */
        SIMPLIFIED,
        TRADITIONAL,
        JAPANESE,
        /** Hangul, most of its syllables common ones ({@link Hangul}), and a few Chinese characters (hanja). */
        KOREAN,
        /**
         * Russian, Ukrainian, Bulgarian, Serbian (what Excel on a Cyrillic Windows writes, Windows-1251): words
         * of Cyrillic letters, never a Cyrillic letter touching a Latin one (José, Müller and Crème read as
         * 1251 are Josй, Mьller and Crиme), and mostly the 66 letters Russian writes.
         */
        CYRILLIC,
        /**
         * Polish, Czech, Slovak (Windows-1250): read as western European ({@link #LATIN}) and telling itself
         * apart from 1252 by a letter 1252 has no letter for, touching a letter (ł, ą, ż, ľ: Wrocław is Wroc³aw
         * in 1252), or by Czech's ř beside its ě or ů (Dvořák, Děčín: Dvoøák, Dìèín in 1252). Hungarian's ő and
         * ű stay õ and û: nothing in the bytes tells them apart.
         */
        CENTRAL_EUROPEAN,
        LATIN;

        /** Czech and Spanish pair accented letters (Jiří, Núñez): at most this many a run on average. */
        static final double PAIRED_ACCENTS = 2.5;

        /** Fewer non-ASCII characters than this are not taken for Cyrillic. */
        private static final int ENOUGH_CYRILLIC = 4;

        boolean reads(String text) {
            return this == CENTRAL_EUROPEAN ? LATIN.reads(text, PAIRED_ACCENTS) && CentralEuropean.tells(text) : reads(text, 1.6);
        }

        /**
         * @param accentsPerRun how many non-ASCII characters a run of them holds on average at most, in Latin text
         *                      (Chinese read as 1252 is runs of 4 and more: two bytes a character)
         */
        boolean reads(String text, double accentsPerRun) {
            java.nio.charset.CharsetEncoder gb2312 = this == SIMPLIFIED ? Charset.forName("GB2312").newEncoder() : null;
            int nonAscii = 0;
            int odd = 0;
            int runs = 0;
            int other = 0;
            int touching = 0;
            boolean fullWidthKana = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    continue;
                }
                nonAscii++;
                Character.UnicodeBlock block = Character.UnicodeBlock.of(c);
                fullWidthKana |= block == Character.UnicodeBlock.HIRAGANA || block == Character.UnicodeBlock.KATAKANA;
                if (i == 0 || text.charAt(i - 1) < 0x80) {
                    runs++;
                }
                if (i > 0 && isAsciiLetter(text.charAt(i - 1)) || i + 1 < text.length() && isAsciiLetter(text.charAt(i + 1))) {
                    touching++;
                }
                if (this == JAPANESE && HalfWidthKana.is(c)) {
                    continue; // counted below, run by run
                }
                if (!fits(c) || (gb2312 != null && !gb2312.canEncode(c)) || (this != LATIN && i > 0 && i + 1 < text.length()
                        && isAsciiLetter(text.charAt(i - 1)) && isAsciiLetter(text.charAt(i + 1)))
                        || this == CYRILLIC && Character.isLetter(c) && cyrillicRun(text, i) < 3 && (i > 0 && isAsciiLetter(text.charAt(i - 1))
                        || i + 1 < text.length() && isAsciiLetter(text.charAt(i + 1)))) {
                    odd++;
                }
                if (this == CYRILLIC && !isRussian(c)) {
                    other++;
                }
                if (this == CYRILLIC && Character.isUpperCase(c) && i > 0 && Character.isLowerCase(text.charAt(i - 1))) {
                    odd++; // a capital after a small letter: Chinese read as 1251 (李娜 is АоДИ), never Russian
                }
            }
            if (nonAscii == 0) {
                return true;
            }
            if (this == JAPANESE) {
                // Kana spelled well are Japanese when something else says so: a voiced mark in its place, or
                // hiragana and katakana beside them. Without either they stay odd, as GBK with a few
                // traditional characters, which GB18030 still reads best, may spell a few kana by chance.
                HalfWidthKana kana = HalfWidthKana.in(text);
                odd += kana.marks() > 0 || fullWidthKana ? kana.implausible() : kana.plausible() + kana.implausible();
            }
            if (this == KOREAN) {
                Hangul hangul = Hangul.in(text);
                if (hangul.common() * 2 < hangul.syllables()) {
                    return false;
                }
            }
            if (this == CYRILLIC && (nonAscii < ENOUGH_CYRILLIC || other * 5 > nonAscii)) {
                // A few letters say little, and GBK read as 1251 is a third signs and rarer letters (ї, ѕ, µ, ¶).
                return false;
            }
            // Western European words have an accented letter here and there, not runs of them (Czech has pairs: Jiří).
            boolean shortRuns = this != LATIN || nonAscii <= runs * accentsPerRun;
            // Accented letters of Latin words read as Chinese, Japanese or Korean are characters touching Latin letters
            // (Hélène in Big5 is H, two characters, e): Asian text has a Latin brand beside a character now and then.
            boolean apart = this == LATIN || this == CYRILLIC || touching * 2 <= nonAscii;
            return shortRuns && apart && odd * 20 <= nonAscii;
        }

        private boolean fits(char c) {
            Character.UnicodeBlock b = Character.UnicodeBlock.of(c);
            if (this == CYRILLIC) {
                return Character.isLetter(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC
                        || b == Character.UnicodeBlock.GENERAL_PUNCTUATION || b == Character.UnicodeBlock.CURRENCY_SYMBOLS
                        || b == Character.UnicodeBlock.LATIN_1_SUPPLEMENT && !Character.isLetter(c) || c == '\u2116' || c == '\u2122';
            }
            if (this == LATIN) {
                return Character.isLetter(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN
                        || b == Character.UnicodeBlock.GENERAL_PUNCTUATION || b == Character.UnicodeBlock.LATIN_1_SUPPLEMENT
                        || b == Character.UnicodeBlock.CURRENCY_SYMBOLS || c == '\u2122';
            }
            if (this == KOREAN) {
                return b == Character.UnicodeBlock.HANGUL_SYLLABLES || b == Character.UnicodeBlock.HANGUL_COMPATIBILITY_JAMO
                        || b == Character.UnicodeBlock.ENCLOSED_CJK_LETTERS_AND_MONTHS || b == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                        || b == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS || b == Character.UnicodeBlock.GENERAL_PUNCTUATION
                        || b == Character.UnicodeBlock.LATIN_1_SUPPLEMENT && !Character.isLetter(c);
            }
            if (HalfWidthKana.is(c)) {
                // Half-width katakana: what GBK's and Big5's common bytes are in Shift_JIS. Japanese judges
                // them by the runs they form (HalfWidthKana), never one by one: the other scripts have none.
                return false;
            }
            if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN || b == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                    || b == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS || b == Character.UnicodeBlock.GENERAL_PUNCTUATION
                    || b == Character.UnicodeBlock.ENCLOSED_ALPHANUMERICS || b == Character.UnicodeBlock.LETTERLIKE_SYMBOLS
                    || b == Character.UnicodeBlock.NUMBER_FORMS || b == Character.UnicodeBlock.GEOMETRIC_SHAPES
                    || b == Character.UnicodeBlock.MATHEMATICAL_OPERATORS || b == Character.UnicodeBlock.ARROWS
                    || b == Character.UnicodeBlock.LATIN_1_SUPPLEMENT && !Character.isLetter(c)) {
                return true;
            }
            return this == JAPANESE && (b == Character.UnicodeBlock.HIRAGANA || b == Character.UnicodeBlock.KATAKANA);
        }

        private static boolean isAsciiLetter(char c) {
            return c < 0x80 && Character.isLetter(c);
        }

        /**
         * How many non-ASCII letters in a row the one at {@code i} stands among: a brand written half in Latin
         * (ТехноPro, iГрад) has a word of them beside the Latin letters; an accented letter of a western word
         * read as 1251 (Mьller, Josй, Nъсez) stands alone or in a pair.
         */
        private static int cyrillicRun(String text, int i) {
            int from = i;
            while (from > 0 && text.charAt(from - 1) >= 0x80 && Character.isLetter(text.charAt(from - 1))) {
                from--;
            }
            int to = i + 1;
            while (to < text.length() && text.charAt(to) >= 0x80 && Character.isLetter(text.charAt(to))) {
                to++;
            }
            return to - from;
        }

        /** The letters of Russian: А–я, Ё and ё. */
        private static boolean isRussian(char c) {
            return c >= '\u0410' && c <= '\u044F' || c == '\u0401' || c == '\u0451';
        }
    }

    /** What tells Windows-1250 text from Windows-1252 text, both read as 1250 ({@link Script#CENTRAL_EUROPEAN}). */
    static final class CentralEuropean {
        /** Letters of 1250 whose byte is no letter in 1252 (Ł ł Ą ą Ż ż Ź Ľ ľ Ť ť): £, ³, ¥, ¹, ¯, ¿, ¼, ¾ or unassigned there. */
        private static final String UNLIKE_1252;

        /**
         * What 1250 makes of the lead bytes of UTF-8's two-byte characters (0xC2–0xDF): a UTF-8 line in a 1252 file
         * (Müller is MĂĽller in 1250) is no Polish word; those letters are all followed by one of 0x80–0xBF there.
         */
        private static final String UTF8_LEADS;

        static {
            StringBuilder letters = new StringBuilder();
            Charset cp1250 = Charset.forName("windows-1250");
            Charset cp1252 = Charset.forName("windows-1252");
            byte[] leads = new byte[0xDF - 0xC2 + 1];
            for (int b = 0xC2; b <= 0xDF; b++) {
                leads[b - 0xC2] = (byte) b;
            }
            UTF8_LEADS = new String(leads, cp1250);
            for (int b = 0x80; b <= 0xFF; b++) {
                String central = new String(new byte[]{(byte) b}, cp1250);
                String western = new String(new byte[]{(byte) b}, cp1252);
                if (Character.isLetter(central.charAt(0)) && !Character.isLetter(western.charAt(0))) {
                    letters.append(central);
                }
            }
            UNLIKE_1252 = letters.toString();
        }

        private CentralEuropean() {
        }

        private static boolean isVowel(char c) {
            return "aeiouyáéíóúýěůàèìòùâêîôûäëïöüåæøœãõ".indexOf(Character.toLowerCase(c)) >= 0;
        }

        /**
         * Whether a text read as 1250 has what 1252 could not have meant: one of those letters after a letter
         * or before a small one ({@code Łódź}, {@code Wrocław}; not {@code Ł12} from a pound sign, nor
         * {@code żQué} from a Spanish {@code ¿Qué}), or Czech's ř with ě or ů.
         */
        static boolean tells(String text) {
            boolean r = false;
            boolean czech = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean afterUtf8Lead = i > 0 && UTF8_LEADS.indexOf(text.charAt(i - 1)) >= 0;
                if (UNLIKE_1252.indexOf(c) >= 0 && !afterUtf8Lead && (i > 0 && Character.isLetter(text.charAt(i - 1))
                        || i + 1 < text.length() && Character.isLowerCase(text.charAt(i + 1)))) {
                    return true;
                }
                char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
                char lower = Character.toLowerCase(c);
                // Czech and Polish letters where 1252's would stand where its languages never put them: ø before
                // a vowel (Dvořák: Dvoøák; Danish ø is a vowel between consonants), ì or ù before a letter
                // (Němec, Růžena: Italian ì and ù end words), è before a vowel (Kučera: Kuèera), ñ before a
                // consonant or at a word's end (Gdańsk, Poznań: Spanish ñ comes before a vowel), œ before a consonant
                // French does not put after it (Wiśniewski, Świątek: French œ comes before u or i, rarely anything else),
                // ź after a small letter (Kaźmierczak: 1252's Ÿ is a capital), ię before a consonant but n or at a word's
                // end (Zięba, się: Portuguese iê comes before n, ciência), ć ending a word (Dąbrowić: Danish æ does not).
                char before = i > 0 ? text.charAt(i - 1) : ' ';
                if (lower == 'ř' && isVowel(next) || (lower == 'ě' || lower == 'ů') && Character.isLetter(next)
                        || c == 'ź' && Character.isLowerCase(before) // KaŸmierczak: 1252's Ÿ is a capital
                        || c == 'ę' && before == 'i' && !isVowel(next) && next != 'n'
                        || c == 'ć' && Character.isLetter(before) && !Character.isLetter(next)
                        || lower == 'č' && isVowel(next) || lower == 'ń' && !isVowel(next)
                        || lower == 'ś' && "wclmrnćł".indexOf(Character.toLowerCase(next)) >= 0) {
                    return true;
                }
                r |= lower == 'ř';
                czech |= lower == 'ě' || lower == 'ů';
            }
            return r && czech;
        }
    }

    /**
     * How the half-width katakana of a text read as Shift_JIS (bytes 0xA1–0xDF, U+FF61–U+FF9F) fall
     * into runs, and whether each run could be Japanese. Those bytes are also GBK's and Big5's common
     * lead and trail bytes and Windows-1252's capital accented letters, so a single character proves
     * nothing; but kana spelled by chance break the rules of the syllabary that real ones keep: a
     * voiced mark ﾞ only after ｳ, ｶ–ﾄ or ﾊ–ﾎ and ﾟ only after ﾊ–ﾎ, small ｬｭｮ only after an i-row kana
     * (ｷｬ, ｼﾞｮ) or ﾃ/ﾌ, no word begun by a small kana, ｰ, ﾝ or a mark, and no kana inside a Latin word
     * (Groß, MÜNCHEN read as Shift_JIS). A kana company name (ｶﾌﾞｼｷｶﾞｲｼｬ) keeps them all.
     *
     * @param plausible   half-width characters in runs that keep the rules
     * @param implausible half-width characters in runs that break one
     * @param marks       voiced and semi-voiced marks in plausible runs (a mark left by chance follows a kana that takes it
     *                    about one time in three)
     */
    record HalfWidthKana(int plausible, int implausible, int marks) {
        static boolean is(char c) {
            return c >= '\uFF61' && c <= '\uFF9F';
        }

        static HalfWidthKana in(String text) {
            int plausible = 0;
            int implausible = 0;
            int marks = 0;
            int i = 0;
            while (i < text.length()) {
                if (!is(text.charAt(i))) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < text.length() && is(text.charAt(i))) {
                    i++;
                }
                int runMarks = marksIfPlausible(text, start, i);
                if (runMarks >= 0) {
                    plausible += i - start;
                    marks += runMarks;
                } else {
                    implausible += i - start;
                }
            }
            return new HalfWidthKana(plausible, implausible, marks);
        }

        /** The voiced marks of the run text[start, end), or -1 if the run cannot be Japanese. */
        private static int marksIfPlausible(String text, int start, int end) {
            boolean letterBefore = start > 0 && isAsciiLetter(text.charAt(start - 1));
            boolean letterAfter = end < text.length() && isAsciiLetter(text.charAt(end));
            // NTTﾄﾞｺﾓ is a name; a lone kana touching a letter, or kana between letters, is an accented Latin letter.
            if (letterBefore && letterAfter || (letterBefore || letterAfter) && end - start == 1) {
                return -1;
            }
            char first = text.charAt(start);
            if (first >= '\uFF67' && first <= '\uFF70' || first >= '\uFF9D') {
                return -1; // small kana, ｰ, ﾝ, ﾞ or ﾟ begin no word
            }
            int marks = 0;
            for (int k = start + 1; k < end; k++) {
                char c = text.charAt(k);
                char before = text.charAt(k - 1);
                if (c == '\uFF9E' || c == '\uFF9F') {
                    boolean haToHo = before >= '\uFF8A' && before <= '\uFF8E';
                    if (!(haToHo || c == '\uFF9E' && (before == '\uFF73' || before >= '\uFF76' && before <= '\uFF84'))) {
                        return -1;
                    }
                    marks++;
                } else if (c >= '\uFF67' && c <= '\uFF6E') {
                    // ｧｨｩｪｫ spell foreign sounds after a few kana (ﾌｧ, ｳｨ, ﾁｪ, ﾃﾞｨ), ｬｭｮ follow an i-row kana or ﾃ/ﾌ.
                    char base = (before == '\uFF9E' || before == '\uFF9F') && k - 2 >= start ? text.charAt(k - 2) : before;
                    if ((c <= '\uFF6B' ? "ｲｳｸｼｽﾁﾂﾃﾄﾆﾋﾌﾐﾘ" : "ｷｼﾁﾆﾋﾐﾘﾃﾌ").indexOf(base) < 0) {
                        return -1;
                    }
                } else if (c == '\uFF70' && (before < '\uFF66' || before == '\uFF70')) {
                    return -1; // ｰ lengthens a kana, not punctuation or another ｰ
                }
            }
            return marks;
        }

        private static boolean isAsciiLetter(char c) {
            return c < 0x80 && Character.isLetter(c);
        }
    }

    /**
     * The Hangul syllables of a text, and how many of them are among the ~200 Korean writes most in
     * customer lists (particles and common word syllables, the surnames, given-name, company, trade and
     * place syllables). Korean lists measured here: 87–100 % common. Chinese, Big5 or Shift_JIS bytes
     * read as CP949 make syllables too, but spread over its 11,172, at most a fifth of them common.
     *
     * @param syllables the text's Hangul syllables (U+AC00–U+D7A3)
     * @param common    how many of them are common ones
     */
    record Hangul(int syllables, int common) {
        /** Fewer syllables than this say too little to take a file for Korean before GB18030. */
        static final int ENOUGH = 8;

        private static final String COMMON = "이다의는에하고을가로기지서사한자도리대인게어적나수시아일정해들으보전부상있를제국만주내경그성여동문장위것소과방면원스생학관화우중라였회행했"
                + "진공물신오연세마구개실비거안터없발요산되계심분당업결유무미음조선법각체현금통더명후식김박최강윤임황송류홍양손배백허남노곽차민엄채천함변염추석설길"
                + "표반왕옥육맹모탁은편용준영우호혜희재훈철숙순빈태혁규종범환승건예린찬삼엘상무테템솔루션코그룹제약품통발획디커머네웍울특별광역충청북라제주원남양천안포항해번파트";

        static Hangul in(String text) {
            int syllables = 0;
            int common = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '\uAC00' && c <= '\uD7A3') {
                    syllables++;
                    if (COMMON.indexOf(c) >= 0) {
                        common++;
                    }
                }
            }
            return new Hangul(syllables, common);
        }
    }

    /** Text with lines, a delimiter in its first line, and no control characters but tabs and line ends. */
    private static boolean looksLikeCsv(String text) {
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline);
        if (newline < 0 && text.length() > 4096 || first.chars().noneMatch(c -> c == ',' || c == ';' || c == '\t')) {
            return false;
        }
        return text.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFD);
    }

    /** The sample decoded leniently (an incomplete last character replaced). */
    private static String decoded(Charset charset, byte[] sample, int length) {
        return preview(new DetectedEncoding(charset, 0, ""), sample, length);
    }

    private static boolean decodes(Charset charset, byte[] sample, int length, boolean wholeFile) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(sample, 0, length);
        CharBuffer out = CharBuffer.allocate(length + 16);
        CoderResult result = decoder.decode(in, out, wholeFile);
        if (result.isError()) {
            return false;
        }
        if (wholeFile) {
            try {
                return !decoder.flush(out).isError() && !in.hasRemaining();
            } catch (IllegalStateException e) {
                return false;
            }
        }
        // The sample may end inside a multi-byte character: at most 3 undecoded bytes are fine.
        return in.remaining() <= 3;
    }

    /** Counts the sample's lines: with non-ASCII bytes that are [0] valid UTF-8, [1] not; [2] ASCII (of more than a line break). */
    private static int[] utf8Lines(byte[] sample, int length, boolean wholeFile) {
        int[] votes = new int[3];
        int start = 0;
        for (int i = 0; i <= length; i++) {
            boolean end = i == length;
            if (end && !wholeFile) {
                break;
            }
            if (end || sample[i] == '\n') {
                boolean nonAscii = false;
                for (int k = start; k < i; k++) {
                    nonAscii |= sample[k] < 0;
                }
                if (nonAscii) {
                    byte[] line = java.util.Arrays.copyOfRange(sample, start, i);
                    votes[decodes(StandardCharsets.UTF_8, line, line.length, true) ? 0 : 1]++;
                } else if (i > start + 1) {
                    votes[2]++;
                }
                start = i + 1;
            }
        }
        return votes;
    }

    /** Decodes a sample leniently, for sniffing the delimiter from the first line. */
    static String preview(DetectedEncoding enc, byte[] sample, int length) {
        try {
            return enc.charset().newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(sample, enc.bomLength(), length - enc.bomLength()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }
}
