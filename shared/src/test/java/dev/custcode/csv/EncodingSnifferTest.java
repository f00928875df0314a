package dev.custcode.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    void russianFromExcelIsWindows1251() throws Exception {
        // Before, a list saved by Excel on a Russian Windows was refused as no encoding read here, or read as
        // Windows-1252 into Èâàíîâ.
        Charset cp1251 = Charset.forName("windows-1251");
        String russian = "Код клиента;Наименование;Телефон;Город;ИНН\r\n"
                + "R1;ООО «Ромашка»;+7 495 123-45-67;Москва;7707083893\r\n"
                + "R2;Иванов Иван Иванович;8 (812) 234-56-78;Санкт-Петербург;\r\n"
                + "R3;ИП Петрова Ольга, №12;8-913-555-12-34;Новосибирск;540123456789\r\n";
        assertThat(sniffedAndReadBack(russian, cp1251)).isEqualTo("windows-1251");
        assertThat(sniffedAndReadBack("Name,City\r\nШевченко Тарас,Київ\r\nЄвген Ґудзь,Львів\r\n", cp1251)).isEqualTo("windows-1251");
        // QA: brands written half in Latin, in a short file.
        assertThat(sniffedAndReadBack("R1;ООО «ТехноPro»;Москва\r\nR2;ООО «iГрад»;Тула\r\n", cp1251)).isEqualTo("windows-1251");
        // English headers, Cyrillic names only.
        assertThat(sniffedAndReadBack("Name,Phone\r\nСмирнов,+7 916 000-00-00\r\n", cp1251)).isEqualTo("windows-1251");
    }

    @Test
    void polishCzechAndSlovakFromExcelAreWindows1250() throws Exception {
        Charset cp1250 = Charset.forName("windows-1250");
        assertThat(sniffedAndReadBack("Nazwa;Miasto\r\nPaweł Dąbrowski;Wrocław\r\nFirma Żak Sp. z o.o.;Łódź\r\n", cp1250))
                .isEqualTo("windows-1250");
        assertThat(sniffedAndReadBack("Name,City\r\nMichał Nowak,Gdańsk\r\n", cp1250)).isEqualTo("windows-1250");
        assertThat(sniffedAndReadBack("Jméno;Město\r\nAntonín Dvořák;Praha\r\nJiří Černý;Děčín\r\n", cp1250)).isEqualTo("windows-1250");
        assertThat(sniffedAndReadBack("Meno;Mesto\r\nĽubomír Šťastný;Košice\r\n", cp1250)).isEqualTo("windows-1250");
        // QA: ę, ź and ć alone (Ziêba, KaŸmierczak in 1252).
        assertThat(sniffedAndReadBack("A1;Maciej Zięba;Kielce\r\nA2;Ewa Kaźmierczak;Opole\r\nA3;Piotr Gęba;Tychy\r\n", cp1250))
                .isEqualTo("windows-1250");
        assertThat(sniffedAndReadBack("Nazwisko;Miasto\r\nZięba;Kielce\r\n", cp1250)).isEqualTo("windows-1250");
        assertThat(sniffedAndReadBack("Nazwisko;Miasto\r\nKaźmierczak;Opole\r\n", cp1250)).isEqualTo("windows-1250");
    }

    @Test
    void westernEuropeanListsStayWindows1252() throws Exception {
        Charset cp1252 = Charset.forName("windows-1252");
        for (String western : new String[]{
                "Name,City,Amount\r\nAcme Ltd,London,£1,200.00\r\nSmith & Co,Leeds,\"£12,500\"\r\n",
                "Nombre,Nota\r\nJosé Peña,¿Qué tal?\r\nMaría Núñez,¡Olé!\r\n",
                "Navn,By\r\nSøren Jørgensen,Århus\r\nMette Kjær,Ålborg\r\n",
                "Nome,Città\r\nNicolò Bianchi,Forlì\r\nGiosuè Carducci,Pietrasanta\r\n",
                "Nom,Ville\r\nCrème Brûlée SARL,Orléans\r\nHélène Dupré,Besançon\r\n",
                "Nome,Cidade\r\nCiência e Paciência Lda,Lisboa\r\nJoão Conceição,Viseu\r\n",
                "Navn,By\r\nKjær & Sæther,Næstved\r\n",
                "Nom,Ville\r\nL'HAŸ-LES-ROSES,Île-de-France\r\nêtre et paraître,Fête\r\n",
                "Name,Stadt\r\nJürgen Groß,Köln\r\nŠkoda Händler GmbH,München\r\n",
                "Name,City\r\nJosé,Andrés\r\nRené,Zoë\r\n"}) {
            assertThat(sniffedAndReadBack(western, cp1252)).as(western).isEqualTo("windows-1252");
        }
    }

    @Test
    void generatedListsAreReadInTheirOwnEncodingOnly() throws Exception {
        // Seeded: lists of 1–6 rows of names and places in each language, written in its Windows code page.
        java.util.Random random = new java.util.Random(20261208);
        String[][] words = {
                {"Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов", "Москва", "Казань", "Екатеринбург", "ООО «Вектор»", "Сергей", "Анна"},
                {"Nowak", "Wiśniewski", "Wójcik", "Kowalczyk", "Łukasz", "Małgorzata", "Kraków", "Poznań", "Szczecin", "Bydgoszcz", "Gdańsk",
                        "Zięba", "Kaźmierczak", "Mączyński"},
                {"Novák", "Dvořák", "Procházka", "Kučera", "Němec", "Veselý", "Řeháček", "Brno", "Ostrava", "Jiří", "Hradec Králové"},
                {"Müller", "Schäfer", "Jürgen", "Straße", "François", "Hélène", "Peña", "Núñez", "Søren", "Ålborg", "São Paulo"},
                {"陈建国", "王芳", "杭州", "青木贸易有限公司", "深圳市", "科技园", "李娜", "北京星河", "张伟", "广州", "南京"},
                {"臺北", "興業股份有限公司", "陳志明", "林淑芬", "高雄", "台中", "黃國華", "新竹", "桃園", "張家豪", "吳美玲"},
                {"김민준", "이서연", "박지훈", "서울특별시", "부산", "주식회사", "한빛소프트", "최수아", "대한상사", "경기도", "인천"}};
        String[] charsets = {"windows-1251", "windows-1250", "windows-1250", "windows-1252", "GBK", "Big5", "x-windows-949"};
        List<String> misread = new ArrayList<>();
        for (int round = 0; round < 300; round++) {
            for (int lang = 0; lang < words.length; lang++) {
                StringBuilder csv = new StringBuilder("Name,City,Phone\r\n");
                int rows = 1 + random.nextInt(6);
                for (int r = 0; r < rows; r++) {
                    String[] w = words[lang];
                    csv.append(w[random.nextInt(w.length)]).append(' ').append(w[random.nextInt(w.length)]).append(',')
                            .append(w[random.nextInt(w.length)]).append(",+1 555 ").append(1000 + random.nextInt(9000)).append("\r\n");
                }
                byte[] bytes = csv.toString().getBytes(charsets[lang]);
                DetectedEncoding e = EncodingSniffer.sniff(bytes, bytes.length, true);
                boolean readBack = EncodingSniffer.preview(e, bytes, bytes.length).equals(csv.toString());
                // A Korean list of a few syllables may stay GB18030, as before (the header check then finds CP949): never 125x.
                boolean korean = lang == 6 && !e.charset().name().startsWith("windows-125");
                if (!readBack && !korean) {
                    misread.add(charsets[lang] + " read as " + e.charset() + ": " + csv);
                }
            }
        }
        // Russian, Polish, Czech, western, Chinese and Korean lists, each read as written (a Polish or Czech list
        // whose only accented letters are those 1252 has too, such as ó or á, reads the same in either).
        assertThat(misread).isEmpty();
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
