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
    void koreanFromExcelIsCp949NotChinese() throws Exception {
        // Every Hangul syllable of EUC-KR is a GB2312 character in GB18030: before, such a file was read
        // as Chinese, 김민준 stored as 陛刮曖.
        Charset cp949 = Charset.forName("x-windows-949");
        String korean = "고객번호,고객명,전화번호,주소,업종\r\n"
                + "K1,김민준,010-1234-5678,서울특별시 강남구 테헤란로 123,제조업\r\n"
                + "K2,(주)한빛소프트,02-312-3456,부산광역시 해운대구 센텀중앙로 55,정보통신업\r\n"
                + "K3,대한상사 주식회사,031-123-4567,경기도 성남시 분당구 판교역로 235,도소매업\r\n";
        assertThat(new String(korean.getBytes(cp949), EncodingSniffer.GB18030)).as("the bytes are GBK too").doesNotContain("\uFFFD");
        assertThat(sniffedAndReadBack(korean, cp949)).isEqualTo("x-windows-949");
        // English headers, a few Korean names: the names alone say Korean.
        assertThat(sniffedAndReadBack("Name,Phone,City\r\n박지훈,010-1111-2222,서울\r\n최수아,010-3333-4444,부산\r\n", cp949))
                .isEqualTo("x-windows-949");
        // Too little to tell: GB18030, as before (a Korean header then finds CP949 among the alternatives).
        assertThat(sniff("Name,City\r\n김민준,서울\r\n", cp949).charset()).isEqualTo(EncodingSniffer.GB18030);
    }

    @Test
    void chineseListsWhoseBytesAreAlsoHangulStayChinese() throws Exception {
        // GBK whose characters all have lead bytes 0xB0–0xC8 decodes as CP949 to Hangul only; its syllables are
        // not the ones Korean writes.
        String gbk = "name,city,phone\r\n陈建国,北京,13812345678\r\n";
        assertThat(new String(gbk.getBytes("GBK"), Charset.forName("x-windows-949"))).as("CP949 reads it").doesNotContain("\uFFFD");
        assertThat(sniff(gbk, Charset.forName("GBK")).charset()).isEqualTo(EncodingSniffer.GB18030);
        for (String chinese : new String[] {
                "客户名称,城市,电话\r\n杭州青木贸易有限公司,杭州,0571-88881234\r\n王芳,上海,13900139000\r\n",
                "姓名,地址\r\n李建国,北京市海淀区中关村大街1号\r\n张伟,广东省深圳市南山区科技园\r\n"}) {
            assertThat(sniff(chinese, Charset.forName("GBK")).charset()).isEqualTo(EncodingSniffer.GB18030);
        }
        assertThat(EncodingSniffer.Hangul.in(new String("陈建国,北京,广州,高新,科技,贸易".getBytes("GBK"), Charset.forName("x-windows-949"))))
                .satisfies(h -> assertThat(h.common() * 2).isLessThan(h.syllables()));
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
