package dev.custcode.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodingSnifferTest {
    private static final Charset SHIFT_JIS = Charset.forName("windows-31j");

    private static DetectedEncoding sniff(String text, Charset charset) throws InputFormatException {
        byte[] bytes = text.getBytes(charset);
        assertThat(new String(bytes, charset)).as("the sample is representable in " + charset).isEqualTo(text);
        return EncodingSniffer.sniff(bytes, bytes.length, true);
    }

    /** The sniffed encoding, and that the whole sample read with it gives back the text written. */
    private static String sniffedAndReadBack(String text, Charset charset) throws InputFormatException {
        byte[] bytes = text.getBytes(charset);
        DetectedEncoding encoding = EncodingSniffer.sniff(bytes, bytes.length, true);
        assertThat(EncodingSniffer.preview(encoding, bytes, bytes.length)).isEqualTo(text);
        return encoding.charset().name();
    }

    @Test
    void shiftJisWithHalfWidthKatakanaIsShiftJis() throws Exception {
        // QA's file: the odd-length kana run broke GB18030 and Big5, and Shift_JIS was refused for its half-width kana.
        String qa = "Customer Id,Client Name,City,Mobile\r\nJ4,ｶﾌﾞｼｷｶﾞｲｼｬ ﾃｽﾄ,東京,03-1234-5678\r\n";
        assertThat(sniffedAndReadBack(qa, SHIFT_JIS)).isEqualTo("windows-31j");

        String rows = "Customer Id,Client Name,Address,City,Mobile\r\n"
                + "J1,ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞｼｮｳｼﾞ,東京都港区芝公園1-2-3,ﾄｳｷｮｳ,03-1234-5678\r\n"
                + "J2,ﾕｳｹﾞﾝｶﾞｲｼｬ ｻｸﾗﾃﾞﾝｷ,大阪府大阪市北区梅田2-4-9,ｵｵｻｶ,06-6345-1234\r\n"
                + "J3,ｶ)ﾐﾄﾞﾘｺｳｷﾞｮｳ,東京都港区六本木6-10-1,ﾄｳｷｮｳ,090-1234-5678\r\n"
                + "J4,ｼﾞｪｲﾋﾟｰｼｰ ｻｰﾋﾞｽ ｶﾌﾞｼｷｶﾞｲｼｬ,名古屋市中区栄3-5-1,ﾅｺﾞﾔ,052-123-4567\r\n";
        assertThat(sniffedAndReadBack(rows, SHIFT_JIS)).isEqualTo("windows-31j");
    }

    @Test
    void kanaOnlyShiftJisThatGbkAndBig5WouldAlsoDecodeIsShiftJis() throws Exception {
        // Every kana run of even length and no kanji: GB18030 reads each pair as a common Chinese character
        // (ｶﾌﾞｼｷｶﾞｲｼｬ as 短藜范薏棘), and the file read so before; the voiced marks in their places say Japanese.
        String csv = "Customer Id,Client Name,City,Mobile\r\nJ1,ｶﾌﾞｼｷｶﾞｲｼｬ,ﾄｳｷｮｳ,03-1234-5678\r\nJ2,ﾕｳｹﾞﾝｶﾞｲｼｬ,ｵｵｻｶ,06-1234-5678\r\n";
        DetectedEncoding encoding = sniff(csv, SHIFT_JIS);
        assertThat(encoding.charset()).isEqualTo(SHIFT_JIS);
        assertThat(encoding.evidence()).contains("half-width katakana");
        // Mixed with kanji, which made GB18030 take it "though not all of it as Chinese text".
        assertThat(sniffedAndReadBack("Name,City\r\nｶﾌﾞｼｷｶﾞｲｼｬ,東京都港区\r\n", SHIFT_JIS)).isEqualTo("windows-31j");
    }

    @Test
    void fullAndHalfWidthKanaMixedIsShiftJis() throws Exception {
        String csv = "Customer Id,Client Name,Kana Name,City,Mobile\r\n"
                + "J1,株式会社さくら商事,ｻｸﾗｼｮｳｼﾞ,東京都港区,03-1234-5678\r\n"
                + "J2,ヤマト運輸株式会社,ﾔﾏﾄｳﾝﾕ,大阪,06-1234-5678\r\n"
                + "J3,有限会社ミドリ工業,ﾐﾄﾞﾘｺｳｷﾞｮｳ,横浜,045-123-4567\r\n";
        assertThat(sniffedAndReadBack(csv, SHIFT_JIS)).isEqualTo("windows-31j");
        // Without any voiced mark the kana are judged after GB18030 and Big5, as the file's other Japanese text.
        String unvoiced = "Customer Id,Client Name,Kana Name,City\r\nJ1,株式会社さくら商事,ｻｸﾗｼｮｳｼ,東京\r\n";
        assertThat(sniffedAndReadBack(unvoiced, SHIFT_JIS)).isEqualTo("windows-31j");
    }

    @Test
    void gbkBig5WindowsAndUtf8FilesAreReadAsBefore() throws Exception {
        // Their bytes 0xA1–0xDF are half-width kana in Shift_JIS too, but spelled as no Japanese word is.
        assertThat(sniffedAndReadBack("Customer Id,Client Name,City,Mobile\r\nC1,北京星河科技有限公司,北京,010-65432100\r\n"
                + "C2,杭州青木贸易有限公司,杭州,0571-88881234\r\n", Charset.forName("GBK"))).isEqualTo("GB18030");
        assertThat(sniffedAndReadBack("Customer Id,Client Name,City\r\nC1,北京星河科技有限公司,北京\r\n", Charset.forName("GBK")))
                .isEqualTo("GB18030");
        assertThat(sniffedAndReadBack("Customer Id,Client Name,City,Mobile\r\nT1,臺北興業股份有限公司,臺北,02-2345-6789\r\n",
                Charset.forName("Big5"))).isEqualTo("Big5-HKSCS");
        Charset cp1252 = Charset.forName("windows-1252");
        assertThat(sniffedAndReadBack("Name;City\r\nJürgen Groß;Köln\r\nJosé Peña;Málaga\r\n", cp1252)).isEqualTo("windows-1252");
        assertThat(sniffedAndReadBack("Name,Note\r\nAmélie,\"café, naïve\"\r\n", cp1252)).isEqualTo("windows-1252");
        // Capitals only: Ü, Ö and É are the bytes of ﾜ, ﾖ and ﾉ, each alone inside a Latin word.
        assertThat(sniffedAndReadBack("Name,City\r\nMÜLLER GMBH,KÖLN\r\nÉCOLE DUPRÉ,ORLÉANS\r\n", cp1252)).isEqualTo("windows-1252");
        assertThat(sniffedAndReadBack("Name,City\r\nｶﾌﾞｼｷｶﾞｲｼｬ,ﾄｳｷｮｳ\r\n", StandardCharsets.UTF_8)).isEqualTo("UTF-8");
    }

    @Test
    void halfWidthKanaRunsAreJudgedBySpelling() {
        assertThat(EncodingSniffer.HalfWidthKana.in("ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞ,NTTﾄﾞｺﾓ,ｶ)ﾎﾟｰﾗ,ｼﾞｪｲｿﾝ"))
                .isEqualTo(new EncodingSniffer.HalfWidthKana(29, 0, 6));
        // GBK read as Shift_JIS: 限 is ﾏﾞ (ma takes no voiced mark); Groß is a ﾟ beginning a word inside a Latin one.
        assertThat(EncodingSniffer.HalfWidthKana.in("ｱｱｾｩﾐﾇｺﾓｿﾆｼｼﾓﾐﾏﾞｹｫﾋｾ").implausible()).isEqualTo(20);
        assertThat(EncodingSniffer.HalfWidthKana.in("Groﾟ;Kln").implausible()).isEqualTo(1);
        for (String wrong : new String[]{"ｯｶ", "ｰｶ", "ﾝｶ", "ﾞｶ", "ｶｬ", "ｱ｣ｰ", "ｺｰｰ", "AﾜB", "Aﾜ"}) {
            assertThat(EncodingSniffer.HalfWidthKana.in(wrong).plausible()).as(wrong).isZero();
        }
    }
}
