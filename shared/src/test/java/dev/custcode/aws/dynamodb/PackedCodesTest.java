package dev.custcode.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PackedCodesTest {

    @Test
    void anyCodesPackAndUnpackToThemselves() {
        Set<String> codes = Set.of("NED000042", "NED000043", "NED000041", "NED42", "SWR000001", "X", "", "0007", "7",
                "客户-000123", "A1B2", "EU-2026-0001", "ABC1234567890123456789012", "NED000042-9", "999999999999999999");
        assertThat(PackedCodes.unpack(PackedCodes.pack(codes))).containsExactlyInAnyOrderElementsOf(codes);
    }

    @Test
    void aListRepeatingACodeUnpacksToTheCodeOnce() {
        assertThat(PackedCodes.unpack(PackedCodes.pack(List.of("NED000001", "NED000001", "NED000002")))).containsExactly("NED000001", "NED000002");
    }

    @Test
    void seededSetsOfGeneratedCodesSurviveThePacking() {
        Random random = new Random(20261206);
        for (int round = 0; round < 200; round++) {
            Set<String> codes = new TreeSet<>();
            int n = random.nextInt(300);
            for (int i = 0; i < n; i++) {
                StringBuilder code = new StringBuilder();
                int head = random.nextInt(4);
                for (int h = 0; h < head; h++) {
                    code.append((char) ('A' + random.nextInt(26)));
                }
                if (random.nextInt(10) == 0) {
                    code.append('东');
                }
                int width = random.nextInt(22);
                for (int d = 0; d < width; d++) {
                    code.append((char) ('0' + random.nextInt(10)));
                }
                codes.add(code.toString());
            }
            assertThat(new TreeSet<>(PackedCodes.unpack(PackedCodes.pack(codes)))).as("round %d", round).isEqualTo(codes);
        }
    }

    @Test
    void aThousandCodesTakeATenthOfTheirBytesOrLess() {
        String[] prefixes = {"NED", "NEI", "SWR", "ECO", "WSD", "NCD", "XXA", "EUB", "AMC"};
        // Customers spread thinly over nine folders of 20,000 (about 9 bits of information a code).
        Random random = new Random(7);
        Set<String> sparse = new TreeSet<>();
        while (sparse.size() < 1000) {
            sparse.add(prefixes[random.nextInt(prefixes.length)] + String.format("%06d", random.nextInt(20_000)));
        }
        // A file updating most of a population of 2,000: its codes nearly consecutive.
        Set<String> dense = new TreeSet<>();
        while (dense.size() < 1000) {
            dense.add(prefixes[random.nextInt(prefixes.length)] + String.format("%06d", random.nextInt(250)));
        }
        int asStrings = sparse.stream().mapToInt(c -> c.getBytes(StandardCharsets.UTF_8).length + 1).sum();
        assertThat(asStrings).isGreaterThan(9_000);
        assertThat(PackedCodes.pack(sparse).length).isLessThan(asStrings / 6);
        assertThat(PackedCodes.pack(dense).length).as("a DynamoDB write unit is 1 KB").isLessThan(1024 - 100);
    }

    @Test
    void bytesThatAreNotAPackedListAreRefused() {
        assertThatThrownBy(() -> PackedCodes.unpack("not packed".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
        byte[] packed = PackedCodes.pack(List.of("NED000001", "NED000002"));
        assertThatThrownBy(() -> PackedCodes.unpack(java.util.Arrays.copyOf(packed, packed.length / 2))).isInstanceOf(IllegalArgumentException.class);
    }
}
