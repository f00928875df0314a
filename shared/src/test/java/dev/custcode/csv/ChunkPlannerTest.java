package dev.custcode.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.SchemeLoader;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Chunks read one by one give exactly the rows (lines, cells, problems) the whole file gives. */
class ChunkPlannerTest {

    private static List<String> wholeFile(byte[] bytes) throws Exception {
        List<String> out = new ArrayList<>();
        try (CustomerCsvReader r = CustomerCsvReader.open(new ByteArrayInputStream(bytes), SchemeLoader.defaultScheme(), CsvLimits.DEFAULT)) {
            while (r.hasNext()) {
                CsvRow row = r.next();
                out.add(row.line() + " " + row.cells() + " " + row.problem());
            }
        }
        return out;
    }

    private static List<String> byChunks(byte[] bytes, int perChunk) throws Exception {
        List<String> out = new ArrayList<>();
        DetectedEncoding encoding;
        char delimiter;
        HeaderMapping header;
        long headerEnd;
        try (CustomerCsvReader r = CustomerCsvReader.open(new ByteArrayInputStream(bytes), SchemeLoader.defaultScheme(), CsvLimits.DEFAULT)) {
            encoding = r.encoding();
            delimiter = r.delimiter();
            header = r.header();
            headerEnd = r.headerEndLine();
        }
        List<ChunkPlanner.Chunk> chunks = ChunkPlanner.plan(new ByteArrayInputStream(bytes), encoding, delimiter, perChunk, headerEnd);
        long covered = chunks.isEmpty() ? bytes.length : chunks.get(0).start();
        for (ChunkPlanner.Chunk c : chunks) {
            assertThat(c.start()).as("chunks are contiguous").isEqualTo(covered);
            assertThat(c.records()).isBetween(1L, (long) perChunk);
            covered = c.end();
            byte[] part = Arrays.copyOfRange(bytes, (int) c.start(), (int) c.end());
            try (CustomerCsvReader r = CustomerCsvReader.openChunk(new ByteArrayInputStream(part), encoding, delimiter, header, c.firstLine(), CsvLimits.DEFAULT)) {
                while (r.hasNext()) {
                    CsvRow row = r.next();
                    out.add(row.line() + " " + row.cells() + " " + row.problem());
                }
            }
        }
        assertThat(covered).as("the chunks reach the end of the file").isEqualTo(bytes.length);
        return out;
    }

    private static void sameRows(String csv, Charset charset, byte[] bom) throws Exception {
        byte[] body = csv.getBytes(charset);
        byte[] bytes = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(body, 0, bytes, bom.length, body.length);
        List<String> expected = wholeFile(bytes);
        assertThat(expected).isNotEmpty();
        for (int perChunk : new int[]{1, 2, 3, 7, 1000}) {
            assertThat(byChunks(bytes, perChunk)).as("%d records per chunk, %s", perChunk, charset).isEqualTo(expected);
        }
    }

    @Test
    void excelsSepLineDeclaresTheDelimiterAndIsNeitherHeaderNorRecord() throws Exception {
        String csv = "sep=;\r\n客户编号;客户名称;城市;累计金额\r\nC1;星河,科技;北京;\"1,280\"\r\nC2;王小明;深圳;2350\r\nC3;李娜;杭州;10\r\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        try (CustomerCsvReader r = CustomerCsvReader.open(new ByteArrayInputStream(bytes), SchemeLoader.defaultScheme(), CsvLimits.DEFAULT)) {
            assertThat(r.delimiter()).isEqualTo(';');
            assertThat(r.header().recognized()).containsKeys("sourceId", "name", "city", "amount");
        }
        assertThat(wholeFile(bytes)).containsExactly("3 [C1, 星河,科技, 北京, 1,280] null", "4 [C2, 王小明, 深圳, 2350] null",
                "5 [C3, 李娜, 杭州, 10] null");
        sameRows(csv, StandardCharsets.UTF_8, new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        sameRows(csv.replace("sep=;", "\"sep=;\""), Charset.forName("GBK"), new byte[0]);
        assertThat(CustomerCsvReader.declaredDelimiter("sep=\t\n")).isEqualTo('\t');
        assertThat(CustomerCsvReader.declaredDelimiter("separator,name\n")).isNull();
    }

    @Test
    void aTitleEmptyLinesAndAQuotedTitleBeforeTheHeaderAreNoRecordsInChunksEither() throws Exception {
        String table = "客户编号,客户名称,城市\r\nC1,星河科技,北京\r\nC2,王小明,深圳\r\nC3,李娜,杭州\r\n";
        for (String before : List.of("\r\n\r\n", "客户明细表\r\n\r\n,,\r\n", "\"客户明细表\r\n2026年12月\",,\r\n\r\n")) {
            sameRows(before + table, StandardCharsets.UTF_8, new byte[0]);
            sameRows(before + table, StandardCharsets.UTF_16LE, new byte[]{(byte) 0xFF, (byte) 0xFE});
        }
    }

    @Test
    void quotedLineBreaksEscapedQuotesCrlfAndEmptyLines() throws Exception {
        String csv = "客户编号,客户名称,省份,备注\r\n"
                + "C1,\"北京,星河\",北京,\"第一行\r\n第二行\"\r\n"
                + "\r\n"
                + "C2,王\"小\"明,广东,\"说 \"\"你好\"\"\"\r\n"
                + "C3,李娜,浙江,\"\n\n\"\r\n"
                + "C4,张伟,湖北,a\"b\r\n"
                + "C5,陈静,香港,last";
        sameRows(csv, StandardCharsets.UTF_8, new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        sameRows(csv.replace("\r\n", "\n"), StandardCharsets.UTF_8, new byte[0]);
        sameRows(csv, Charset.forName("GB18030"), new byte[0]);
        sameRows(csv.replace(',', '\t'), StandardCharsets.UTF_16LE, new byte[]{(byte) 0xFF, (byte) 0xFE});
        sameRows(csv.replace(',', ';'), StandardCharsets.UTF_16BE, new byte[]{(byte) 0xFE, (byte) 0xFF});
    }

    @Test
    void aLoneCarriageReturnInAQuotedCellCutsNoChunkAndJoinsNoRecords() throws Exception {
        String csv = "客户编号,客户名称,备注\n" + "C1,星河,\"一\r二\"\n" + "C2,王小明,x\n" + "C3,李娜,\"\r\"\n" + "C4,张伟,y\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        assertThat(wholeFile(bytes)).containsExactly("2 [C1, 星河, 一\n二] null", "4 [C2, 王小明, x] null", "5 [C3, 李娜, \n] null",
                "7 [C4, 张伟, y] null");
        sameRows(csv, StandardCharsets.UTF_8, new byte[0]);
        sameRows(csv, Charset.forName("GB18030"), new byte[0]);
    }

    @Test
    void seededRandomFilesGiveTheSameRows() throws Exception {
        Random random = new Random(42);
        String[] cells = {"a", "\"q,\"\"x\"\"\"", "\"line\r\nbreak\"", "北京", "", "b\"c", "\"\"", "123"};
        for (int f = 0; f < 30; f++) {
            StringBuilder csv = new StringBuilder("客户编号,客户名称,省份\r\n");
            int rows = 1 + random.nextInt(40);
            for (int i = 0; i < rows; i++) {
                csv.append("C").append(i).append(',').append(cells[random.nextInt(cells.length)]).append(',')
                        .append(cells[random.nextInt(cells.length)]).append(random.nextInt(5) == 0 ? "\n" : "\r\n");
                if (random.nextInt(10) == 0) {
                    csv.append("\r\n");
                }
            }
            sameRows(csv.toString(), StandardCharsets.UTF_8, new byte[0]);
        }
    }

    @Test
    void aFileWithOnlyAHeaderHasNoChunks() throws Exception {
        byte[] bytes = "客户编号,客户名称\r\n".getBytes(StandardCharsets.UTF_8);
        var encoding = new DetectedEncoding(StandardCharsets.UTF_8, 0, "test");
        assertThat(ChunkPlanner.plan(new ByteArrayInputStream(bytes), encoding, ',', 10)).isEmpty();
    }
}
