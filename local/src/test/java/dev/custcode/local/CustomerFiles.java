package dev.custcode.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded generators of customer CSV files (plain seeded randomness, no property-testing library). */
final class CustomerFiles {
    static final String HEADER = "客户编号,客户名称,省份,销售渠道,累计金额,订单数";
    private static final String[] PROVINCES = {"北京", "上海", "广东", "四川", "湖北", "黑龙江", "陕西", "香港", "浙江", "江苏"};
    private static final String[] CHANNELS = {"线上", "线下", "代理", "直销", ""};
    private static final String[] NAMES = {"有限公司", "集团", "贸易公司", "", "", ""};

    private CustomerFiles() {
    }

    /** One generated row: its identity key, and the attributes ingest will store for it (null when the row is invalid). */
    record Row(String id, String line, boolean valid) {
    }

    /** A file's rows, in order. */
    record File(List<Row> rows) {
        byte[] bytes() {
            StringBuilder sb = new StringBuilder("\uFEFF").append(HEADER).append("\r\n");
            rows.forEach(r -> sb.append(r.line()).append("\r\n"));
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** For each identity, the line of the last valid row in this file (last row wins). */
        Map<String, String> lastLines() {
            Map<String, String> out = new LinkedHashMap<>();
            rows.stream().filter(Row::valid).forEach(r -> out.put("sid:" + r.id(), r.line()));
            return out;
        }

        long validRows() {
            return rows.stream().filter(Row::valid).count();
        }
    }

    /** A row; an invalid one has neither id nor name (no identity: rejected whatever is stored). */
    static String row(Random random, String id, boolean valid) {
        String name = valid ? "客户" + id + NAMES[random.nextInt(NAMES.length)] : "";
        return String.join(",", valid ? id : "", name, PROVINCES[random.nextInt(PROVINCES.length)], CHANNELS[random.nextInt(CHANNELS.length)],
                Integer.toString(random.nextInt(300_000)), Integer.toString(random.nextInt(80)));
    }

    /** Rows for ids {@code ns-from} .. {@code ns-(from+count-1)}, in order, all valid. */
    static File range(Random random, String ns, int from, int count) {
        List<Row> rows = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String id = ns + "-" + i;
            rows.add(new Row(id, row(random, id, true), true));
        }
        return new File(rows);
    }

    /** Random rows from a pool of ids: duplicates within the file, and some invalid rows. */
    static File random(Random random, String ns, int pool, int count, double invalid) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = ns + "-" + random.nextInt(pool);
            boolean valid = random.nextDouble() >= invalid;
            rows.add(new Row(id, row(random, id, valid), valid));
        }
        return new File(rows);
    }
}
