package dev.custcode.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Large customer files, seeded: rows of about 220 bytes (Chinese names and addresses, a quoted note
 * with a line break in one row of 50), every row a different customer (its own id, phone, email).
 * Written as they are generated, so a file of a million rows needs no more memory than one row.
 */
public final class LargeFiles {
    private static final String HEADER = "\uFEFF客户编号,客户名称,省份,城市,详细地址,电话,邮箱,累计金额,订单数,最近下单日期,备注\r\n";
    private static final String[][] PLACES = {{"北京", "北京"}, {"上海", "上海"}, {"广东", "广州"}, {"四川", "成都"}, {"浙江", "杭州"},
            {"湖北", "武汉"}, {"辽宁", "沈阳"}, {"陕西", "西安"}};

    private LargeFiles() {
    }

    /** The file of {@code rows} rows, in memory (UTF-8 with a BOM). */
    public static byte[] bytes(int rows) {
        var out = new java.io.ByteArrayOutputStream(rows * 230 + 200);
        try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            write(w, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The file of {@code rows} rows, written to {@code path}. */
    public static Path write(Path path, int rows) throws IOException {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8), 1 << 16)) {
            write(w, rows);
        }
        return path;
    }

    private static void write(Writer w, int rows) throws IOException {
        w.write(HEADER);
        Random random = new Random(300);
        StringBuilder row = new StringBuilder(256);
        for (int i = 0; i < rows; i++) {
            String[] place = PLACES[random.nextInt(PLACES.length)];
            row.setLength(0);
            row.append('L').append(i).append(",客户").append(i).append("贸易有限公司,").append(place[0]).append(',').append(place[1])
                    .append(',').append(place[1]).append("市高新技术产业开发区科技创新大道").append(random.nextInt(999)).append("号创新大厦")
                    .append(random.nextInt(30)).append("层,1").append(3 + random.nextInt(7)).append(String.format("%09d", i))
                    .append(",c").append(i).append("@example.com,").append(random.nextInt(3_000_000)).append(',').append(random.nextInt(80))
                    .append(",2026-").append(String.format("%02d-%02d", 1 + random.nextInt(11), 1 + random.nextInt(28))).append(',')
                    .append(i % 50 == 0 ? "\"多行\r\n备注\"" : "老客户").append("\r\n");
            w.append(row);
        }
    }
}
