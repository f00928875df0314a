package dev.custcode.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerCsvReaderTest {
    private static final Scheme SCHEME = SchemeLoader.defaultScheme();
    private static final String CHINESE = "客户编号,客户名称,省份,城市,客户类型,销售渠道,累计金额,订单数,最近下单日期,电话\r\n"
            + "C0001,北京星河科技有限公司,北京,北京,企业,直销,\"￥1,280,000\",64,2026-10-08,010-65432100\r\n"
            + "C0002,王小明,广东省,深圳,个人,线上,2350,3,2026年11月2日,13800138000\r\n";

    private static List<CsvRow> readAll(CustomerCsvReader reader) throws Exception {
        List<CsvRow> rows = new ArrayList<>();
        while (reader.hasNext()) {
            rows.add(reader.next());
        }
        return rows;
    }

    private static CustomerCsvReader open(byte[] bytes) throws Exception {
        return CustomerCsvReader.open(new ByteArrayInputStream(bytes), SCHEME, CsvLimits.DEFAULT);
    }

    private static byte[] encode(String text, Charset charset, byte... bom) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bom);
        out.write(text.getBytes(charset));
        return out.toByteArray();
    }

    @Test
    void readsTheSampleDataFileWithItsEnglishHeaders() throws Exception {
        Path sample = dev.custcode.testing.SampleData.customers10000();
        try (InputStream in = Files.newInputStream(sample);
             CustomerCsvReader reader = CustomerCsvReader.open(in, SCHEME, CsvLimits.DEFAULT)) {
            assertThat(reader.header().recognized()).containsKeys("sourceId", "firstName", "lastName", "company", "city",
                    "country", "phone", "email", "firstDate", "website");
            assertThat(reader.header().unrecognized()).containsExactly("Index");
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).hasSize(10_000).allMatch(CsvRow::ok);
            assertThat(rows.get(0).line()).isEqualTo(2);
            assertThat(reader.header().values(rows.get(0).cells())).containsEntry("sourceId", "EB54EF1154C3A78")
                    .containsEntry("company", "Mosley-David").containsEntry("country", "Norway");
        }
    }

    @Test
    void rowsOfDelimitersAndBlanksOnlyAreNoRowsLikeEmptyLines() throws Exception {
        // Excel writes ",,," for a formatted row left empty: such a line is skipped, not rejected, and line numbers stay the file's.
        String csv = "客户名称,城市,电话\r\n,,\r\n  , ,\t\r\n杭州青木贸易有限公司,杭州,0571-8888 1234\r\n\r\n,,,\r\n\"\",,\r\n成都天府食品厂,成都,\r\n,,\r\n";
        try (CustomerCsvReader reader = open(encode(csv, StandardCharsets.UTF_8))) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).extracting(CsvRow::line).containsExactly(4L, 8L);
            assertThat(rows).allSatisfy(r -> assertThat(r.problem()).isNull());
            assertThat(reader.header().values(rows.get(1).cells())).containsEntry("name", "成都天府食品厂");
        }
    }

    @Test
    void aJapaneseExportInShiftJisIsReadByItsHeaders() throws Exception {
        // QA: 顧客番号,顧客名,都道府県,市区町村,電話番号,国 failed: "no recognizable header … read as windows-31j".
        String csv = "顧客番号,会社名,都道府県,市区町村,電話番号,メールアドレス,国,住所\r\nJ001,株式会社サクラ,東京都,千代田区,03-1234-5678,info@sakura.jp,日本,東京都千代田区1-1\r\n";
        try (CustomerCsvReader reader = open(encode(csv, Charset.forName("windows-31j")))) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).singleElement().satisfies(r -> assertThat(r.problem()).isNull());
            assertThat(reader.header().values(rows.get(0).cells())).containsEntry("sourceId", "J001").containsEntry("name", "株式会社サクラ")
                    .containsEntry("province", "東京都").containsEntry("city", "千代田区").containsEntry("phone", "03-1234-5678")
                    .containsEntry("email", "info@sakura.jp").containsEntry("country", "日本").containsEntry("address", "東京都千代田区1-1");
        }
    }

    @Test
    void aKoreanExportInCp949IsReadByItsHeadersWithItsWonSigns() throws Exception {
        // Excel on a Korean Windows: CP949, whose bytes GB18030 also reads (as Chinese nobody wrote), and ₩ as byte 0x5C.
        String csv = "고객번호,고객명,전화번호,이메일,주소,매출액,업종\r\n"
                + "K001,(주)한빛소프트,02-312-3456,info@hanbit.kr,서울특별시 강남구 테헤란로 123,\"\\1,250,000\",정보통신업\r\n"
                + "K002,김민준,010-1234-5678,minjun@example.kr,부산광역시 해운대구 센텀중앙로 55,\"\\45,000\",\r\n";
        try (CustomerCsvReader reader = open(encode(csv, Charset.forName("x-windows-949")))) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r.problem()).isNull());
            assertThat(reader.header().values(rows.get(0).cells())).containsEntry("sourceId", "K001").containsEntry("name", "(주)한빛소프트")
                    .containsEntry("phone", "02-312-3456").containsEntry("email", "info@hanbit.kr")
                    .containsEntry("address", "서울특별시 강남구 테헤란로 123").containsEntry("amount", "₩1,250,000")
                    .containsEntry("industry", "정보통신업");
            assertThat(reader.header().values(rows.get(1).cells())).containsEntry("name", "김민준").containsEntry("amount", "₩45,000");
        }
        assertThat(dev.custcode.normalize.Values.parseAmount("₩1,250,000")).contains(new java.math.BigDecimal("1250000"));
        // Too few syllables to tell Korean from Chinese by themselves: the header, which only CP949 reads as one, decides.
        try (CustomerCsvReader reader = open(encode("이름,전화\r\nKim,010-1234-5678\r\n", Charset.forName("x-windows-949")))) {
            List<CsvRow> rows = readAll(reader);
            assertThat(reader.header().values(rows.get(0).cells())).containsEntry("name", "Kim").containsEntry("phone", "010-1234-5678");
        }
    }

    @Test
    void aShiftJisFilesYenSignIsAYenSignNotABackslash() throws Exception {
        // QA: ¥1,250,000 in a Shift_JIS file (byte 0x5C) was stored and exported as \1,250,000.
        byte[] bytes = "顧客番号,会社名,売上金額,備考\r\nJ001,株式会社サクラ,\"\\1,250,000\",C:\\見積\r\n".getBytes(Charset.forName("windows-31j"));
        try (CustomerCsvReader reader = open(bytes)) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows.get(0).cells()).containsExactly("J001", "株式会社サクラ", "¥1,250,000", "C:¥見積");
        }
        // Another encoding's backslash is one.
        try (CustomerCsvReader reader = open("Customer Id,Name,Note\r\nA1,Acme,C:\\temp\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(readAll(reader).get(0).cells()).containsExactly("A1", "Acme", "C:\\temp");
        }
    }

    @Test
    void aDosEndOfFileByteOrControlCharactersAloneAreNoRow() throws Exception {
        // QA: a legacy export's closing ^Z (0x1A) was rejected as a row of one field, shown empty.
        String csv = "Customer Id,Name,Province,Phone\r\nZ001,Ctrl Z Trading Co Ltd,Hunan,13913131301\r\n\u001a,\u0000,\u00a0\r\n\u001a";
        try (CustomerCsvReader reader = open(encode(csv, StandardCharsets.UTF_8))) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).extracting(CsvRow::line).containsExactly(2L);
            assertThat(rows).allSatisfy(r -> assertThat(r.problem()).isNull());
        }
    }

    @Test
    void aReportsTitleDateAndEmptyRowBeforeTheHeaderAreSkippedAndRowsKeepTheirLines() throws Exception {
        // Excel's "report" layout: a title in a merged cell, the export date, an empty formatted row, then the table.
        String csv = "客户明细表（2026年12月）,,,\r\n导出日期：2026-12-06,,操作员：张三,\r\n,,,\r\n\r\n"
                + "客户编号,客户名称,城市,电话\r\nC1,杭州青木贸易有限公司,杭州,0571-8888 1234\r\nC2,成都天府食品厂,成都,\r\n";
        for (Charset charset : List.of(StandardCharsets.UTF_8, Charset.forName("GB18030"))) {
            try (CustomerCsvReader reader = open(encode(csv, charset))) {
                assertThat(reader.encoding().charset()).isEqualTo(charset);
                assertThat(reader.header().recognized()).containsOnlyKeys("sourceId", "name", "city", "phone");
                assertThat(reader.headerLine()).isEqualTo(5);
                assertThat(reader.leadingRecords()).as("title, date, empty row of delimiters, header").isEqualTo(4);
                List<CsvRow> rows = readAll(reader);
                assertThat(rows).extracting(CsvRow::line).containsExactly(6L, 7L);
                assertThat(reader.header().values(rows.get(0).cells())).containsEntry("sourceId", "C1").containsEntry("name", "杭州青木贸易有限公司");
            }
        }
        // A line of three cells or more that names no column is data, not a title: no header is looked for past it.
        InputFormatException data = catchThrowableOfType(InputFormatException.class,
                () -> open("客户明细表,,\r\n张伟,13812345678,北京\r\n客户名称,电话,城市\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(data.kind()).isEqualTo(InputFormatException.Kind.NO_HEADER);
        assertThat(data.getMessage()).contains("of the first line");
        // Past five lines, none is looked for either.
        InputFormatException far = catchThrowableOfType(InputFormatException.class,
                () -> open("a\nb\nc\nd\ne\nf\n客户名称,电话\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(far.kind()).isEqualTo(InputFormatException.Kind.NO_HEADER);
    }

    @Test
    void chineseHeadersInUtf8WithBom() throws Exception {
        try (CustomerCsvReader reader = open(encode(CHINESE, StandardCharsets.UTF_8, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF))) {
            assertThat(reader.encoding().charset()).isEqualTo(StandardCharsets.UTF_8);
            assertThat(reader.encoding().bomLength()).isEqualTo(3);
            assertThat(reader.header().recognized()).containsOnlyKeys("sourceId", "name", "province", "city", "type",
                    "channel", "amount", "orders", "lastOrderDate", "phone");
            List<CsvRow> rows = readAll(reader);
            assertThat(reader.header().values(rows.get(0).cells())).containsEntry("name", "北京星河科技有限公司").containsEntry("amount", "¥1,280,000");
        }
    }

    @Test
    void gbkAndUtf16GiveTheSameValuesAsUtf8() throws Exception {
        List<List<String>> expected;
        try (CustomerCsvReader reader = open(encode(CHINESE, StandardCharsets.UTF_8))) {
            expected = readAll(reader).stream().map(CsvRow::cells).toList();
        }
        try (CustomerCsvReader gbk = open(encode(CHINESE, Charset.forName("GBK")))) {
            assertThat(gbk.encoding().charset().name()).isEqualTo("GB18030");
            assertThat(readAll(gbk).stream().map(CsvRow::cells).toList()).isEqualTo(expected);
        }
        try (CustomerCsvReader le = open(encode(CHINESE, StandardCharsets.UTF_16LE, (byte) 0xFF, (byte) 0xFE))) {
            assertThat(le.encoding().charset()).isEqualTo(StandardCharsets.UTF_16LE);
            assertThat(readAll(le).stream().map(CsvRow::cells).toList()).isEqualTo(expected);
        }
        try (CustomerCsvReader be = open(encode(CHINESE, StandardCharsets.UTF_16BE, (byte) 0xFE, (byte) 0xFF))) {
            assertThat(readAll(be).stream().map(CsvRow::cells).toList()).isEqualTo(expected);
        }
    }

    @Test
    void filesSavedByAWindowsOfTaiwanJapanOrWesternEuropeReadAsWritten() throws Exception {
        String traditional = "客戶名稱,城市,電話\r\n台北市信義貿易股份有限公司,台北,02-2345-6789\r\n香港九龍實業有限公司,香港,852-2345-6789\r\n"
                + "高雄港灣物流有限公司,高雄,07-345-6789\r\n";
        String japanese = "Name,City,Phone\r\n株式会社さくら商事,東京,03-1234-5678\r\nヤマト運輸株式会社,大阪,06-1234-5678\r\n";
        String western = "Name,City,Email\r\nMüller & Söhne GmbH,München,info@mueller.de\r\nJosé Peña,Málaga,jose@pena.es\r\n"
                + "Françoise Dupré,Besançon,f@dupre.fr\r\n";
        for (var c : List.of(Map.entry(traditional, "Big5-HKSCS"), Map.entry(japanese, "windows-31j"), Map.entry(western, "windows-1252"))) {
            Charset charset = Charset.forName(c.getValue());
            try (CustomerCsvReader reader = open(encode(c.getKey(), charset))) {
                assertThat(reader.encoding().charset().name()).as(c.getValue()).isEqualTo(c.getValue());
                List<CsvRow> rows = readAll(reader);
                assertThat(rows).allMatch(CsvRow::ok);
                assertThat(String.join(",", rows.get(0).cells()) + "\r\n").isEqualTo(c.getKey().lines().skip(1).findFirst().orElseThrow() + "\r\n");
            }
        }
        // GBK text stays GBK, however many of its characters Big5 would also decode.
        try (CustomerCsvReader gbk = open(encode(CHINESE.repeat(1) + "C0003,台湾新竹科技有限公司,台湾,新竹,企业,直销,100,1,2026-01-01,03-5678901\r\n",
                Charset.forName("GBK")))) {
            assertThat(gbk.encoding().charset().name()).isEqualTo("GB18030");
            assertThat(readAll(gbk)).extracting(r -> r.cells().get(1)).contains("台湾新竹科技有限公司");
        }
    }

    @Test
    void aShortBig5FileThatGbkDecodesAsCommonCharactersIsBig5WhenItsPlacesAreKnownReadSo() throws Exception {
        // 基隆 in Big5 is 膀订 in GBK: both common characters, so only the scheme's city table tells them apart.
        String big5 = "Customer Id,Name,Phone,City,Amount\r\nKL001,Keelung Harbour Trading Co.,02-2420-1234,基隆,50000\r\n"
                + "KL002,Ocean Star Ltd.,02-2420-5678,基隆,8000\r\n";
        assertThat(new String(encode(big5, Charset.forName("Big5")), Charset.forName("GBK"))).contains("膀订");
        try (CustomerCsvReader reader = open(encode(big5, Charset.forName("Big5")))) {
            assertThat(reader.encoding().charset().name()).isEqualTo("Big5-HKSCS");
            assertThat(reader.encoding().evidence()).contains("2 of its cells are places or words the scheme knows read so, 0 as GB18030/GBK");
            assertThat(readAll(reader)).extracting(r -> r.cells().get(3)).containsOnly("基隆");
        }
        // A GBK file of mainland places stays GBK.
        try (CustomerCsvReader gbk = open(encode("Name,City\r\nA,杭州\r\nB,北京\r\n", Charset.forName("GBK")))) {
            assertThat(gbk.encoding().charset().name()).isEqualTo("GB18030");
        }
    }

    @Test
    void aShiftJisListWithHalfWidthKatakanaIsReadAsWritten() throws Exception {
        // Company names in half-width kana, as Japanese business systems export them: each cell holds the
        // half-width characters themselves (U+FF76 …), not what GBK or Big5 make of their bytes; the mapped
        // values are NFKC-folded to full-width kana, the same name as one typed in full width.
        String csv = "Customer Id,Client Name,City,Mobile\r\nJ4,ｶﾌﾞｼｷｶﾞｲｼｬ ﾃｽﾄ,東京,03-1234-5678\r\n"
                + "J5,ﾕｳｹﾞﾝｶﾞｲｼｬ ｻｸﾗ,東京都港区,03-9876-5432\r\n";
        try (CustomerCsvReader reader = open(encode(csv, Charset.forName("Shift_JIS")))) {
            assertThat(reader.encoding().charset().name()).isEqualTo("windows-31j");
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).allMatch(CsvRow::ok);
            assertThat(rows.get(0).cells()).containsExactly("J4", "ｶﾌﾞｼｷｶﾞｲｼｬ ﾃｽﾄ", "東京", "03-1234-5678");
            assertThat(rows.get(1).cells()).containsExactly("J5", "ﾕｳｹﾞﾝｶﾞｲｼｬ ｻｸﾗ", "東京都港区", "03-9876-5432");
            assertThat(reader.header().values(rows.get(0).cells())).containsEntry("name", "カブシキガイシャ テスト").containsEntry("city", "東京");
            assertThat(reader.header().values(rows.get(1).cells())).containsEntry("name", "ユウゲンガイシャ サクラ");
        }
    }

    @Test
    void aGbkListWithTraditionalNamesIsReadAsGbkWhenOnlyGbkReadsItsHeader() throws Exception {
        // One row in traditional characters (9 of 28 non-ASCII characters outside GB2312): the sniffer's GB2312 test fails and
        // Big5-HKSCS decodes the bytes too, but as Big5 the header is gibberish (諦誧晤瘍 …).
        String csv = "客户编号,客户名称,省份,城市,电话\r\nG301,廣州貿易有限公司,广东,广州,13600000351\r\n";
        try (CustomerCsvReader reader = open(encode(csv, Charset.forName("GBK")))) {
            assertThat(reader.encoding().charset().name()).isEqualTo("GB18030");
            assertThat(reader.encoding().evidence()).contains("header");
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).singleElement().satisfies(r -> assertThat(r.cells()).containsExactly("G301", "廣州貿易有限公司", "广东", "广州", "13600000351"));
        }
    }

    @Test
    void utf16WithoutAByteOrderMarkIsReadToo() throws Exception {
        List<List<String>> expected;
        try (CustomerCsvReader reader = open(encode(CHINESE, StandardCharsets.UTF_8))) {
            expected = readAll(reader).stream().map(CsvRow::cells).toList();
        }
        for (Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            try (CustomerCsvReader reader = open(encode(CHINESE, utf16))) {
                assertThat(reader.encoding().charset()).isEqualTo(utf16);
                assertThat(readAll(reader).stream().map(CsvRow::cells).toList()).isEqualTo(expected);
            }
        }
        // Binary data with NULs is still no text.
        InputFormatException binary = catchThrowableOfType(InputFormatException.class, () -> open(new byte[] {'P', 'K', 3, 4, 0, 0, 0, 8, 0, 0}));
        assertThat(binary.getMessage()).contains("not text");
    }

    @Test
    void semicolonAndTabSeparatedFiles() throws Exception {
        try (CustomerCsvReader reader = open("Name;City;Phone\nLi Na;Hangzhou;13900139000\n".getBytes(StandardCharsets.UTF_8))) {
            assertThat(reader.delimiter()).isEqualTo(';');
            assertThat(readAll(reader).get(0).cells()).containsExactly("Li Na", "Hangzhou", "13900139000");
        }
        try (CustomerCsvReader reader = open("Name\tCity\tPhone\nLi Na\tHangzhou\t13900139000\n".getBytes(StandardCharsets.UTF_8))) {
            assertThat(reader.delimiter()).isEqualTo('\t');
        }
    }

    @Test
    void lineNumbersCountEmbeddedNewlines() throws Exception {
        String csv = "Name,City,Notes\r\nA,Oslo,\"two\r\nlines\"\r\nB,Bergen,x\r\n";
        try (CustomerCsvReader reader = open(csv.getBytes(StandardCharsets.UTF_8))) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).extracting(CsvRow::line).containsExactly(2L, 4L);
            assertThat(rows.get(0).cells().get(2)).isEqualTo("two\r\nlines");
        }
    }

    @Test
    void aLoneCarriageReturnInAQuotedCellIsALineBreakAndTheNextRecordStaysItsOwn() throws Exception {
        // FastCSV alone joins B's record to A's when A's quoted cell holds a lone CR and the file's lines end in LF.
        for (String end : new String[]{"\n", "\r\n", "\r"}) {
            String csv = "Name,City,Notes" + end + "A,Oslo,\"one\rtwo\"" + end + "B,Bergen,x" + end + "C,Paris,\"\r\"" + end + "D,Rome,y";
            try (CustomerCsvReader reader = open(csv.getBytes(StandardCharsets.UTF_8))) {
                List<CsvRow> rows = readAll(reader);
                assertThat(rows).as("lines ending in %s", end.replace("\r", "CR").replace("\n", "LF"))
                        .extracting(CsvRow::line).containsExactly(2L, 4L, 5L, 7L);
                assertThat(rows).allMatch(CsvRow::ok);
                assertThat(rows.get(0).cells()).containsExactly("A", "Oslo", "one\ntwo");
                assertThat(rows.get(1).cells()).containsExactly("B", "Bergen", "x");
                assertThat(rows.get(3).cells()).containsExactly("D", "Rome", "y");
            }
        }
    }

    @Test
    void badRecordsComeBackWithTheirProblem() throws Exception {
        String csv = "Name,City,Phone\nA,Oslo,1\nB,Bergen\nC,Oslo,3,4\nD,Oslo,5,\n";
        try (CustomerCsvReader reader = open(csv.getBytes(StandardCharsets.UTF_8))) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows.get(0).ok()).isTrue();
            assertThat(rows.get(1).problem()).contains("expected 3 fields, found 2");
            assertThat(rows.get(2).problem()).contains("expected 3 fields, found 4");
            assertThat(rows.get(3).ok()).as("a trailing empty field is tolerated").isTrue();
        }
    }

    @Test
    void overLongRecordIsRejectedAndReadingContinues() throws Exception {
        String csv = "Name,City\nA,Oslo\n" + "B," + "x".repeat(70_000) + "\nC,Bergen\n";
        try (CustomerCsvReader reader = open(csv.getBytes(StandardCharsets.UTF_8))) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).extracting(CsvRow::line).containsExactly(2L, 3L, 4L);
            assertThat(rows.get(1).problem()).contains("limit");
            assertThat(rows.get(2).ok()).isTrue();
        }
    }

    @Test
    void aLineTooLongForTheParserWithoutAQuoteIsRejectedForItsLengthAndTheLinesAfterItAreRead() throws Exception {
        String csv = "Name,City\nA,Oslo\n" + "B," + "x".repeat(1_000_000) + "\nC,Bergen\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        try (CustomerCsvReader reader = open(bytes).readingPastUnclosedQuotes(() -> new ByteArrayInputStream(bytes))) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).extracting(CsvRow::line).containsExactly(2L, 3L, 4L);
            assertThat(rows.get(1).problem()).startsWith("the line is 1,000,002 characters long").doesNotContain("quote");
            assertThat(rows.get(2).cells()).containsExactly("C", "Bergen");
        }
    }

    @Test
    void bytesOfAnotherEncodingAreRejectedPerRow() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("Name,City\n张三,北京\n".getBytes(StandardCharsets.UTF_8));
        out.write("李四,上海\n".getBytes(Charset.forName("GBK")));
        out.write("王五,广州\n".getBytes(StandardCharsets.UTF_8));
        try (CustomerCsvReader reader = open(out.toByteArray())) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).ok()).isTrue();
            assertThat(rows.get(1).problem()).contains("not valid UTF-8");
            assertThat(rows.get(2).ok()).isTrue();
        }
    }

    @Test
    void aUtf8LineBesideAsManyLinesOfAnotherEncodingIsKeptAndTheOthersRejectedNotTheFileGarbled() throws Exception {
        // ASCII lines, one UTF-8 line and one Windows-1252 line (QA: the file was read as Windows-1252, Jürgen stored as JÃ¼rgen).
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        mixed.write("Client Name,City,Country\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 10; i++) {
            mixed.write(("Plain Customer " + i + ",Boston,USA\n").getBytes(StandardCharsets.UTF_8));
        }
        mixed.write("Jürgen Müller,München,Germany\n".getBytes(StandardCharsets.UTF_8));
        mixed.write("Jürgen Köhler,Köln,Germany\n".getBytes(Charset.forName("windows-1252")));
        try (CustomerCsvReader reader = open(mixed.toByteArray())) {
            assertThat(reader.encoding().charset()).isEqualTo(StandardCharsets.UTF_8);
            List<CsvRow> rows = readAll(reader);
            assertThat(rows.get(10).cells()).containsExactly("Jürgen Müller", "München", "Germany");
            assertThat(rows.get(11).problem()).contains("not valid UTF-8");
        }
        // A semicolon file with one UTF-8 line and one line of bytes no encoding reads: that line, not the file (it FAILED).
        byte[] damaged = ("Client Name;City;Country\nMüller GmbH;München;Germany\nRossi SpA;Milano;Italy\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream semicolons = new ByteArrayOutputStream();
        semicolons.write(damaged);
        semicolons.write(new byte[] {'B', 'a', 'd', ' ', (byte) 0xFF, (byte) 0xFE, ';', 'B', 'e', 'r', 'l', 'i', 'n', ';', 'G', 'e', 'r', 'm', 'a', 'n', 'y', '\n'});
        try (CustomerCsvReader reader = open(semicolons.toByteArray())) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).extracting(CsvRow::ok).containsExactly(true, true, false);
            assertThat(rows.get(0).cells()).containsExactly("Müller GmbH", "München", "Germany");
        }
    }

    @Test
    void aUtf8LineInAWindows1252FileIsRejectedNotStoredGarbled() throws Exception {
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        Charset cp1252 = Charset.forName("windows-1252");
        mixed.write("Client Name,City,Country\n".getBytes(cp1252));
        for (String row : List.of("Jürgen Köhler,Köln,Germany", "Chloé Dupré,Genève,Suisse", "Søren Ærø,Århus,Danmark")) {
            mixed.write((row + "\n").getBytes(cp1252));
        }
        mixed.write("Jürgen Müller,München,Germany\n".getBytes(StandardCharsets.UTF_8));
        try (CustomerCsvReader reader = open(mixed.toByteArray())) {
            assertThat(reader.encoding().charset()).isEqualTo(cp1252);
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).extracting(CsvRow::ok).containsExactly(true, true, true, false);
            assertThat(rows.get(0).cells()).containsExactly("Jürgen Köhler", "Köln", "Germany");
            assertThat(rows.get(3).problem()).contains("UTF-8 text in a Windows-1252 file (Ã¼ is how it reads)");
        }
    }

    @Test
    void aStrayNulByteInOneLineIsThatLinesProblemNotTheFiles() throws Exception {
        // A corrupt line of a text export: bytes of no encoding, a NUL among them (QA's file: 1 NUL in 1,594 bytes).
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("Name,City,Phone\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 1; i <= 20; i++) {
            out.write(("Customer " + i + ",Boston,+1 617 555 " + (1000 + i) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.write(new byte[] {'C', 'o', 'r', 'r', 'u', 'p', 't', ' ', (byte) 0xFF, (byte) 0xFE, 0, ',', 'B', 'o', 's', 't', 'o', 'n', '\n'});
        out.write("Customer 21,Boston,+1 617 555 1021\n".getBytes(StandardCharsets.UTF_8));
        try (CustomerCsvReader reader = open(out.toByteArray())) {
            assertThat(reader.encoding().charset()).isEqualTo(StandardCharsets.UTF_8);
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).hasSize(22);
            assertThat(rows.stream().filter(r -> !r.ok()).map(CsvRow::line)).containsExactly(22L);
            assertThat(rows.get(20).problem()).contains("not valid UTF-8");
            assertThat(rows.get(21).cells()).containsExactly("Customer 21", "Boston", "+1 617 555 1021");
        }
        // In a GBK file (the README smoke test: it was taken for UTF-16 without a byte-order mark and had no header).
        StringBuilder gbk = new StringBuilder("客户编号,客户名称,城市,联系电话,累计金额\r\n");
        for (int i = 1; i <= 50; i++) {
            gbk.append("C").append(1000 + i).append(",测试公司").append(i).append(",宁波,0574").append(87650000 + i).append(',').append(i).append("\r\n");
            if (i == 9) {
                gbk.append("C9999,损坏行,宁波,\u0000,5\r\n");
            }
        }
        try (CustomerCsvReader reader = open(gbk.toString().getBytes(Charset.forName("GBK")))) {
            assertThat(reader.encoding().charset().name()).isEqualTo("GB18030");
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).hasSize(51);
            assertThat(rows.stream().filter(r -> !r.ok()).map(CsvRow::line)).containsExactly(11L);
            assertThat(rows.get(0).cells()).containsExactly("C1001", "测试公司1", "宁波", "057487650001", "1");
        }
        // A NUL alone, in bytes that are valid UTF-8, is no character of a customer list either: that line is rejected.
        byte[] nulOnly = "Name,City\nA,Oslo\nB\u0000x,Oslo\nC,Bergen\n".getBytes(StandardCharsets.UTF_8);
        try (CustomerCsvReader reader = open(nulOnly)) {
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).extracting(CsvRow::ok).containsExactly(true, false, true);
            assertThat(rows.get(1).problem()).contains("NUL");
        }
    }

    @Test
    void wholeFileProblemsAreTypedExceptions() {
        assertThat(kind(new byte[0])).isEqualTo(InputFormatException.Kind.EMPTY_FILE);
        assertThat(kind(new byte[]{0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 8, 0, 0})).isEqualTo(InputFormatException.Kind.BINARY_FILE);
        assertThat(kind("foo,bar,baz\n1,2,3\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(InputFormatException.Kind.NO_HEADER);
        assertThat(kind("City,Province\nOslo,1\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(InputFormatException.Kind.MISSING_COLUMN);
        for (String blank : List.of("\n\n\r\n   \n\n", " , ,\n,,\n")) {
            InputFormatException e = catchThrowableOfType(InputFormatException.class, () -> open(blank.getBytes(StandardCharsets.UTF_8)));
            assertThat(e.kind()).isEqualTo(InputFormatException.Kind.EMPTY_FILE);
            assertThat(e).hasMessageContaining("only spaces and delimiters");
        }
    }

    @Test
    void wholeFileMessagesNameColumnsButNeverRepeatACellOfTheFile() {
        // A file without its header: its first line is a person. The message is logged, stored and listed.
        InputFormatException noHeader = catchThrowableOfType(InputFormatException.class,
                () -> open("张伟,13812345678,zhang.wei@example.com,北京\n李娜,13900139000,li@example.com,上海\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(noHeader.kind()).isEqualTo(InputFormatException.Kind.NO_HEADER);
        assertThat(noHeader.getMessage()).contains("none of the 4 cells of the first line").doesNotContain("张伟")
                .doesNotContain("13812345678").doesNotContain("zhang.wei");
        // One cell of a data line happens to be a column name: the rest of the "header" is still data.
        InputFormatException missing = catchThrowableOfType(InputFormatException.class,
                () -> open("city,王芳,13700001111\nOslo,x,1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(missing.kind()).isEqualTo(InputFormatException.Kind.MISSING_COLUMN);
        assertThat(missing.getMessage()).contains("the columns recognized are city").doesNotContain("王芳").doesNotContain("13700001111");
    }

    @Test
    void aFileWithNoKeyColumnSaysSoAndThatItsOtherColumnsAreKeptNotJustThatItLacksANameColumn() {
        // QA: 店铺会员号,订单数 said "missing required column name": a name column would not make it update anyone.
        InputFormatException e = catchThrowableOfType(InputFormatException.class,
                () -> open("店铺会员号,订单数\nS1901,8\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.kind()).isEqualTo(InputFormatException.Kind.MISSING_COLUMN);
        assertThat(e.getMessage()).startsWith("no column finds a stored customer (customer id (客户编号 / ")
                .contains("phone (").contains("missing required column name (客户名称")
                .contains("the columns recognized are orders; 1 other column is kept as data of its own: if it identifies customers")
                .doesNotContain("S1901").doesNotContain("店铺会员号");
    }

    private static InputFormatException.Kind kind(byte[] bytes) {
        return catchThrowableOfType(InputFormatException.class, () -> open(bytes)).kind();
    }

    @Test
    void headerOnlyFileHasNoRows() throws Exception {
        try (CustomerCsvReader reader = open("Name,City\r\n".getBytes(StandardCharsets.UTF_8))) {
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void rawLineQuotesWhatNeedsQuoting() throws Exception {
        try (CustomerCsvReader reader = open("Name,City\nA,B\n".getBytes(StandardCharsets.UTF_8))) {
            assertThat(reader.rawLine(List.of("Horn, Shepard", "say \"hi\"", "x"))).isEqualTo("\"Horn, Shepard\",\"say \"\"hi\"\"\",x");
        }
    }

    @Test
    void rawLineGuardsEveryCellInTheFilesOwnDelimiter() throws Exception {
        try (CustomerCsvReader reader = open("Name;City\nA;B\n".getBytes(StandardCharsets.UTF_8))) {
            // Pasted into a sheet split at ";", no cell is a formula.
            assertThat(reader.rawLine(List.of("Bob", "=1+1", "\u200E@x", "a;b"))).isEqualTo("Bob;'=1+1;'\u200E@x;\"a;b\"");
        }
    }

    @Test
    void aHeaderOfSixteenThousandColumnsFailsTheFileBeforeAnyRow() throws Exception {
        // 1,000 rows of 16,000 one-character cells: read as a batch they would hold 16 million strings.
        StringBuilder csv = new StringBuilder("客户编号,客户名称");
        for (int i = 2; i < 16_000; i++) {
            csv.append(",c").append(i);
        }
        csv.append('\n');
        String row = "x,".repeat(15_999) + "x\n";
        for (int i = 0; i < 1_000; i++) {
            csv.append(row);
        }
        InputFormatException e = catchThrowableOfType(InputFormatException.class, () -> open(csv.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(e.kind()).isEqualTo(InputFormatException.Kind.TOO_MANY_COLUMNS);
        assertThat(e.getMessage()).isEqualTo("the header has 16,000 columns; at most 2,000 are read (is this a customer list?)");
    }

    @Test
    void aRecordWithTooManyFieldsIsRejectedAndTrailingBlankCellsAreDropped() throws Exception {
        String csv = "客户编号,客户名称\n" + "C1,甲" + ",".repeat(2_500) + "\n" + "C2,乙,,,\n" + "C3," + "x,".repeat(2_000) + "x\n";
        List<CsvRow> rows = readAll(open(csv.getBytes(StandardCharsets.UTF_8)));
        assertThat(rows.get(0).problem()).isEqualTo("record has 2502 fields; at most 2000 are read");
        assertThat(rows.get(1).problem()).isNull();
        assertThat(rows.get(1).cells()).containsExactly("C2", "乙");
        assertThat(rows.get(2).problem()).startsWith("record has 2002 fields");
    }

    @Test
    void aQuoteNeverClosedCostsItsLineAndTheLinesAfterItAreReadWithTheirNumbers() throws Exception {
        CsvLimits small = CsvLimits.DEFAULT.withMaxRecordChars(8192); // the parser gives up on a record after 17,408 characters
        for (String eol : List.of("\r\n", "\n", "\r")) {
            StringBuilder csv = new StringBuilder("\uFEFF客户编号,客户名称,电话").append(eol).append("A1,甲,13800000001").append(eol);
            for (int i = 2; i <= 3000; i++) {
                csv.append("A").append(i).append(i == 3 || i == 2000 ? ",\"乙" : ",客户" + i).append(",138").append(String.format("%08d", i)).append(eol);
            }
            byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
            List<CsvRow> rows;
            try (CustomerCsvReader reader = CustomerCsvReader.open(new ByteArrayInputStream(bytes), SCHEME, small)
                    .readingPastUnclosedQuotes(() -> new ByteArrayInputStream(bytes))) {
                rows = readAll(reader);
            }
            assertThat(rows).as("every line a row, %s", eol.replace("\r", "CR").replace("\n", "LF")).hasSize(3000);
            for (int i = 0; i < 3000; i++) {
                CsvRow row = rows.get(i);
                assertThat(row.line()).isEqualTo(i + 2);
                if (i + 1 == 3 || i + 1 == 2000) {
                    assertThat(row.ok()).isFalse();
                    assertThat(row.problem()).startsWith("a quote opened in this line does not close");
                    assertThat(row.cells()).containsExactly("A" + (i + 1) + ",\"乙,138" + String.format("%08d", i + 1));
                } else {
                    assertThat(row.problem()).as("line %d", row.line()).isNull();
                    assertThat(row.cells().get(0)).isEqualTo("A" + (i + 1));
                }
            }
            // Without the bytes to read again, the reader stops at the first such line, as it did.
            try (CustomerCsvReader reader = CustomerCsvReader.open(new ByteArrayInputStream(bytes), SCHEME, small)) {
                InputFormatException stop = catchThrowableOfType(InputFormatException.class, () -> readAll(reader));
                assertThat(stop).hasMessageContaining("line 4").hasMessageContaining("the rest of the file was not read");
            }
        }
    }

    @Test
    void aQuoteStillOpenAtTheEndOfTheFileCostsItsLineNotTheRowsAfterIt() throws Exception {
        // Its quote opens the last cell: the record the parser makes of it has the header's cells, the rows after it inside one.
        String csv = "Customer Id,Customer Name,Province,Phone,Notes\r\n"
                + "H-016,客户十六,北京,13100000016,\"a note, quoted\r\nover two lines\"\r\n"
                + "H-017,客户十七,北京,13100000017,\"unclosed quote here\r\n"
                + "H-018,客户十八,北京,13100000018,after\r\n"
                + "H-019,客户十九,北京,13100000019,plain\r\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        List<CsvRow> rows;
        try (CustomerCsvReader reader = open(bytes).readingPastUnclosedQuotes(() -> new ByteArrayInputStream(bytes))) {
            rows = readAll(reader);
        }
        assertThat(rows).extracting(CsvRow::line).containsExactly(2L, 4L, 5L, 6L);
        assertThat(rows.get(0).cells().get(4)).isEqualTo("a note, quoted\r\nover two lines");
        assertThat(rows.get(1).problem()).startsWith("a quote opened in this line does not close");
        assertThat(rows.get(2).ok()).isTrue();
        assertThat(rows.get(2).cells()).containsExactly("H-018", "客户十八", "北京", "13100000018", "after");
        assertThat(rows.get(3).cells()).containsExactly("H-019", "客户十九", "北京", "13100000019", "plain");

        try (CustomerCsvReader reader = open(bytes)) {
            List<CsvRow> without = readAll(reader);
            assertThat(without).as("without the bytes to read again: rejected, never accepted").hasSize(2);
            assertThat(without.get(1).problem()).contains("never closed");
        }
    }

    @Test
    void aReaderOpenedAgainReadsTheSameRowsWithWhatTheFirstFoundAndNothingSniffedAgain() throws Exception {
        // GBK, Excel's sep=; line, a quote never closed: the second reader starts at the first data row, line numbers the file's.
        String csv = "sep=;\r\n客户编号;客户名称;电话;备注\r\n"
                + "G1;北京星河科技有限公司;010-65432100;\"两行\r\n备注\"\r\n"
                + "G2;王小明;13800138000;\"没有闭合\r\n"
                + "G3;李四;13900139000;好\r\n";
        byte[] bytes = encode(csv, Charset.forName("GBK"));
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        CustomerCsvReader.Source source = () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(bytes);
        };
        try (CustomerCsvReader first = open(bytes).readingPastUnclosedQuotes(source);
             CustomerCsvReader again = first.reopened()) {
            assertThat(again.encoding()).isEqualTo(first.encoding());
            assertThat(again.delimiter()).isEqualTo(';');
            List<CsvRow> rowsAgain = readAll(again);
            List<CsvRow> rows = readAll(first);
            assertThat(rowsAgain).extracting(CsvRow::line).containsExactly(3L, 5L, 6L);
            assertThat(rowsAgain).usingRecursiveFieldByFieldElementComparator().isEqualTo(rows);
            assertThat(rowsAgain.get(0).cells()).containsExactly("G1", "北京星河科技有限公司", "010-65432100", "两行\r\n备注");
            assertThat(rowsAgain.get(1).problem()).startsWith("a quote opened in this line does not close");
        }
        assertThat(opened.get()).as("once to read again, once for each reader to read past the open quote").isEqualTo(3);
        try (CustomerCsvReader without = open(bytes)) {
            assertThatThrownBy(without::reopened).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aGbkFileWhoseFirst64KiBAreAsciiIsReadAsGbkFromItsFirstLine() throws Exception {
        StringBuilder csv = new StringBuilder("Customer Id,Customer Name,City,Phone\r\n");
        int latin = 3000; // about 120 KB of ASCII rows before the first Chinese name
        for (int i = 1; i <= latin; i++) {
            csv.append("L").append(i).append(",Latin Name Trading Company ").append(i).append(",Shanghai,138").append(String.format("%08d", i)).append("\r\n");
        }
        csv.append("Z1,杭州青木贸易有限公司,杭州,13900000001\r\nZ2,北京星河科技有限公司,北京,13900000002\r\n");
        byte[] bytes = encode(csv.toString(), Charset.forName("GBK"));
        try (CustomerCsvReader reader = CustomerCsvReader.open(() -> new ByteArrayInputStream(bytes), SCHEME, CsvLimits.DEFAULT)) {
            assertThat(reader.encoding().charset().name()).isEqualTo("GB18030");
            assertThat(reader.encoding().evidence())
                    .contains("its first " + String.format("%,d", csv.indexOf("Z1") + 3) + " bytes are ASCII");
            List<CsvRow> rows = readAll(reader);
            assertThat(rows).hasSize(latin + 2).allMatch(CsvRow::ok);
            assertThat(rows.get(latin).cells()).containsExactly("Z1", "杭州青木贸易有限公司", "杭州", "13900000001");
            assertThat(rows.get(latin + 1).line()).isEqualTo(latin + 3);
        }
        // Read from the first bytes alone (no way to look further), it is taken for UTF-8 and its Chinese rows are rejected.
        try (CustomerCsvReader reader = open(bytes)) {
            assertThat(reader.encoding().charset().name()).isEqualTo("UTF-8");
            assertThat(readAll(reader).get(latin).ok()).isFalse();
        }
        // All ASCII: UTF-8, as before; and UTF-8 after the ASCII stays UTF-8.
        byte[] ascii = csv.substring(0, csv.indexOf("Z1")).getBytes(StandardCharsets.US_ASCII);
        byte[] utf8 = csv.toString().getBytes(StandardCharsets.UTF_8);
        for (byte[] b : List.of(ascii, utf8)) {
            try (CustomerCsvReader reader = CustomerCsvReader.open(() -> new ByteArrayInputStream(b), SCHEME, CsvLimits.DEFAULT)) {
                assertThat(reader.encoding().charset()).isEqualTo(StandardCharsets.UTF_8);
                assertThat(readAll(reader)).allMatch(CsvRow::ok);
            }
        }
    }
}
