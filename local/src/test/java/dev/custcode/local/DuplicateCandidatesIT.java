package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A population from one system, then a second system's file in which some customers are the
 * first's written otherwise (legal form, brackets, full width, 市, a typo) and reached on another
 * phone line: the import's duplicates.csv finds the planted pairs, with few others, and merges
 * nothing. Seeded, so every run plants the same pairs.
 */
class DuplicateCandidatesIT {
    private static final String[] CITIES = {"杭州:浙江:0571", "宁波:浙江:0574", "南京:江苏:025", "苏州:江苏:0512", "成都:四川:028",
            "武汉:湖北:027", "西安:陕西:029", "广州:广东:020", "深圳:广东:0755", "沈阳:辽宁:024"};
    private static final String[] TRADES = {"贸易", "科技", "食品", "物流", "建材", "电子", "服饰", "医药"};
    private static final String[] FORMS = {"有限公司", "股份有限公司", "有限责任公司", "集团有限公司"};
    private static final String POOL = "青木林森华远恒达信诚金鑫瑞祥泰和安康宏伟鸿运盛世天地中兴海洋星辰明月光辉春秋东西南北江河湖山川云雨风雷龙凤"
            + "松柏梅兰竹菊玉石宝珠锦绣文武德仁义礼智勇博雅新旺昌荣富贵吉利佳美";
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ter", "van", "zo", "ri", "ben", "tor", "sa", "lex", "nu", "dor", "pi"};

    /** {@code name} without its legal form, {@code full} as the ERP writes it. */
    record Company(String name, String full, String city, String province, String area, String latin) {
    }

    @Test
    void aSecondSystemsNearDuplicatesAreFoundAndNothingIsMerged() throws Exception {
        Random random = new Random(20261201);
        Set<String> cores = new HashSet<>();
        Set<String> stems = new HashSet<>();
        List<Company> erp = new ArrayList<>();
        StringBuilder a = new StringBuilder("客户编号,客户名称,省份,城市,电话,邮箱\r\n");
        for (int i = 0; i < 3000; i++) {
            String[] c = CITIES[random.nextInt(CITIES.length)].split(":");
            boolean latin = i % 10 == 0;
            String core;
            do {
                // Distinct starts (the blocks' stems): unrelated companies are never near-duplicates by chance.
                core = latin ? stem(random) + " " + word(random) : "" + pick(random) + pick(random) + pick(random);
            } while (!cores.add(core) || !stems.add(latin ? core.substring(0, 3) : core.substring(0, 2)));
            String trade = latin ? "Trading" : TRADES[random.nextInt(TRADES.length)];
            String name = latin ? capital(core) + " " + trade + " Co., Ltd." : c[0] + core + trade + FORMS[random.nextInt(FORMS.length)];
            erp.add(new Company(latin ? capital(core) + " " + trade : c[0] + core + trade, name, c[0], c[1], c[2], latin ? core : null));
            a.append("E").append(i).append(",\"").append(name).append("\",").append(c[1]).append(',').append(c[0]).append(',')
                    .append(c[2]).append('-').append(8_000_0000 + i).append(",info").append(i)
                    .append(latin ? "@" + core.replace(" ", "") + ".com" : "@qq.com").append("\r\n");
        }

        // The shop: 300 of the ERP's customers written otherwise, on another line; 300 it alone knows.
        Set<String> planted = new LinkedHashSet<>();
        List<String> shopPhones = new ArrayList<>();
        StringBuilder b = new StringBuilder("客户名称,省份,城市,电话,邮箱\r\n");
        for (int i = 0; i < 300; i++) {
            Company c = erp.get(i * 10 + random.nextInt(10));
            String name;
            String city = c.city();
            String email = "shop" + i + "@163.com";
            switch (i % 6) {
                case 0 -> name = c.latin() == null ? c.name() + "公司" : toFullWidth(c.name().toUpperCase()) + " COMPANY LIMITED";
                case 1 -> name = c.name() + "（有限公司）";
                case 2 -> name = c.name() + "股份有限公司";
                case 3 -> {
                    name = c.name() + "有限公司";
                    city = c.city() + "市";
                }
                case 4 -> name = toFullWidth(c.name()) + "集团";
                default -> name = typo(c.name(), random) + "有限公司"; // found by name start + area code
            }
            if (c.latin() != null) {
                email = "sales" + i + "@" + c.latin().replace(" ", "") + ".com";
            }
            planted.add(name + " ~ " + c.full());
            b.append('"').append(name).append("\",").append(c.province()).append(',').append(city).append(',')
                    .append(c.area()).append('-').append(6_000_0000 + i).append(',').append(email).append("\r\n");
            shopPhones.add(c.area() + "-" + (6_000_0000 + i));
        }
        for (int i = 0; i < 300; i++) {
            String[] c = CITIES[random.nextInt(CITIES.length)].split(":");
            String core;
            do {
                core = "" + pick(random) + pick(random) + pick(random);
            } while (!cores.add(core) || !stems.add(core.substring(0, 2)));
            b.append(c[0]).append(core).append(TRADES[random.nextInt(TRADES.length)]).append("有限公司,").append(c[1]).append(',')
                    .append(c[0]).append(',').append(c[2]).append('-').append(7_000_0000 + i).append(",own").append(i).append("@126.com\r\n");
        }

        try (TestStack stack = TestStack.start()) {
            stack.put("incoming/erp.csv", a.toString().getBytes(StandardCharsets.UTF_8));
            JsonNode first = stack.awaitReport(stack.importIdOf("incoming/erp.csv"), Duration.ofMinutes(5));
            assertThat(first.at("/counts/new").asLong()).isEqualTo(3000);
            assertThat(first.at("/counts/duplicateCandidates").asLong()).as("no ERP customer is another").isZero();

            stack.put("incoming/shop.csv", b.toString().getBytes(StandardCharsets.UTF_8));
            JsonNode shop = stack.awaitReport(stack.importIdOf("incoming/shop.csv"), Duration.ofMinutes(5));
            assertThat(shop.at("/counts/new").asLong()).as("nothing merged on its own").isEqualTo(600);
            String importId = shop.get("importId").asText();
            String file = new String(stack.get("private/imports/" + importId + "/duplicates.csv").orElseThrow(), StandardCharsets.UTF_8);
            List<List<String>> rows = new ArrayList<>();
            try (var csv = CsvReader.builder().ofCsvRecord(file.replace("\uFEFF", ""))) {
                csv.forEach(r -> rows.add(r.getFields()));
            }
            assertThat(rows.get(0)).containsExactly("line", "code", "name", "candidate", "candidateName", "score", "reasons");
            List<List<String>> pairs = rows.subList(1, rows.size());
            assertThat(shop.at("/counts/duplicateCandidates").asLong()).isEqualTo(pairs.size());

            Set<String> found = new HashSet<>();
            pairs.forEach(p -> {
                found.add(normalize(p.get(2)) + " ~ " + normalize(p.get(4)));
                found.add(normalize(p.get(4)) + " ~ " + normalize(p.get(2)));
            });
            Set<String> plantedNormalized = new HashSet<>();
            planted.forEach(p -> plantedNormalized.add(normalize(p.split(" ~ ")[0]) + " ~ " + normalize(p.split(" ~ ")[1])));
            long hits = plantedNormalized.stream().filter(found::contains).count();
            long truePairs = pairs.stream().filter(p -> plantedNormalized.contains(normalize(p.get(2)) + " ~ " + normalize(p.get(4)))
                    || plantedNormalized.contains(normalize(p.get(4)) + " ~ " + normalize(p.get(2)))).count();
            double recall = (double) hits / plantedNormalized.size();
            double precision = pairs.isEmpty() ? 0 : (double) truePairs / pairs.size();
            System.out.printf("duplicate candidates: %d planted, %d found of them (recall %.3f), %d pairs written (precision %.3f)%n",
                    plantedNormalized.size(), hits, recall, pairs.size(), precision);
            assertThat(recall).isGreaterThanOrEqualTo(0.95);
            assertThat(precision).isGreaterThanOrEqualTo(0.90);

            // The API lists the open pairs; a steward dismisses one, and it is not proposed again.
            JsonNode open = api(stack, "GET", "/duplicates?limit=500");
            assertThat(open.get("items")).hasSize(pairs.size());
            List<String> one = pairs.get(0);
            List<String> two = pairs.get(1);
            String dismissedId = one.get(1).compareTo(one.get(3)) < 0 ? one.get(1) + "~" + one.get(3) : one.get(3) + "~" + one.get(1);
            // Named with its codes in the other order: the same pair.
            String reversed = dismissedId.substring(dismissedId.indexOf('~') + 1) + "~" + dismissedId.substring(0, dismissedId.indexOf('~'));
            JsonNode dismissed = api(stack, "POST", "/duplicates/" + reversed + "/dismiss");
            assertThat(dismissed.get("status").asText()).isEqualTo("dismissed");
            assertThat(dismissed.get("id").asText()).isEqualTo(dismissedId);
            assertThat(dismissed.at("/customers/0/name").asText()).isNotBlank();
            JsonNode after = api(stack, "GET", "/duplicates?limit=500");
            assertThat(after.get("items")).hasSize(pairs.size() - 1);
            after.get("items").forEach(p -> assertThat(p.get("id").asText()).isNotEqualTo(dismissedId));
            String folder = open.at("/items/0/customers/0/folder").asText();
            JsonNode inFolder = api(stack, "GET", "/duplicates?limit=500&folder=" + folder);
            assertThat(inFolder.get("items")).isNotEmpty().allSatisfy(p -> assertThat(p.get("customers").toString()).contains(folder));

            // Both shop customers gain a company email: searched again, only the open pair is reported.
            String later = "电话,邮箱\r\n" + shopPhones.get(Integer.parseInt(one.get(0)) - 2) + ",a@first-firm.com\r\n"
                    + shopPhones.get(Integer.parseInt(two.get(0)) - 2) + ",b@second-firm.com\r\n";
            stack.put("incoming/emails.csv", later.getBytes(StandardCharsets.UTF_8));
            JsonNode emails = stack.awaitReport(stack.importIdOf("incoming/emails.csv"), Duration.ofMinutes(2));
            assertThat(emails.at("/counts/updated").asLong()).isEqualTo(2);
            assertThat(emails.at("/counts/duplicateCandidates").asLong()).as("the dismissed pair is not proposed again").isEqualTo(1);

            // An erased customer leaves no pair behind: not in the API's list, not in any duplicates.csv.
            String erased = two.get(3);
            stack.put("privacy/erase/" + erased + ".json", "{}".getBytes(StandardCharsets.UTF_8));
            TestStack.await(() -> stack.get("privacy/reports/" + erased + ".json").isPresent(), Duration.ofMinutes(2), "the erasure's report");
            assertThat(api(stack, "GET", "/duplicates?limit=500").toString()).doesNotContain(erased);
            for (String key : List.of("imports/" + importId + "/duplicates.csv", "private/imports/" + importId + "/duplicates.csv",
                    "imports/" + emails.get("importId").asText() + "/duplicates.csv")) {
                assertThat(new String(stack.get(key).orElseThrow(), StandardCharsets.UTF_8)).as(key).doesNotContain(erased).contains("candidateName");
            }
        }
    }

    private static JsonNode api(TestStack stack, String method, String path) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve(path));
        request = method.equals("POST") ? request.POST(java.net.http.HttpRequest.BodyPublishers.noBody()) : request.GET();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
        return TestStack.JSON.readTree(r.body());
    }

    /** The names as the file writes them (NFKC, as a cell is read), so planted and found compare. */
    private static String normalize(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC).strip();
    }

    private static char pick(Random random) {
        return POOL.charAt(random.nextInt(POOL.length()));
    }

    private static String word(Random random) {
        return SYLLABLES[random.nextInt(SYLLABLES.length)] + SYLLABLES[random.nextInt(SYLLABLES.length)];
    }

    private static String stem(Random random) {
        return "" + (char) ('a' + random.nextInt(26)) + (char) ('a' + random.nextInt(26)) + (char) ('a' + random.nextInt(26));
    }

    private static String capital(String s) {
        StringBuilder out = new StringBuilder();
        for (String w : s.split(" ")) {
            out.append(out.isEmpty() ? "" : " ").append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return out.toString();
    }

    /** One character after the first three of the name's core replaced: 杭州青木林贸易 → 杭州青木林贺易. */
    private static String typo(String name, Random random) {
        int at = name.length() - 1 - random.nextInt(2);
        char replacement = pick(random);
        return name.substring(0, at) + (replacement == name.charAt(at) ? '某' : replacement) + name.substring(at + 1);
    }

    private static String toFullWidth(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(ch -> out.append(ch == ' ' ? '\u3000' : ch > 32 && ch < 127 ? (char) (ch + 0xFEE0) : (char) ch));
        return out.toString();
    }
}
