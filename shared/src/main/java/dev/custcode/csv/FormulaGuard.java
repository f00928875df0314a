package dev.custcode.csv;

/**
 * Keeps a cell we write from running as a formula in a spreadsheet, and takes the guard off again
 * when such a file is imported, so that every cell reads back as itself.
 *
 * <p>Why: a cell starting with {@code = + - @}, tab or carriage return is executed as a formula
 * by spreadsheet programs ({@code =HYPERLINK(...)}, DDE), also behind invisible characters (a
 * left-to-right mark, a soft hyphen, a zero-width space: Unicode format characters). Prefixing
 * {@code '} makes Excel show it as text. The cost is that a value like {@code -5} or
 * {@code +86 138…} is shown as text too, which for codes and phone numbers is what a steward wants
 * anyway. The cell is kept whole behind the {@code '} (invisible characters included), and a cell
 * that already reads as guarded ({@code '=1}) gets one more {@code '}, so that {@link #unguard}
 * gives back exactly what {@link #guard} was given.
 */
public final class FormulaGuard {
    private FormulaGuard() {
    }

    /**
     * {@code guard("=1+1")} → {@code "'=1+1"}, {@code guard("\u200E=1+1")} → {@code "'\u200E=1+1"},
     * {@code guard("'=1")} → {@code "''=1"}; other text unchanged; null → empty.
     */
    public static String guard(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        return armed(cell, 0) || guarded(cell) ? "'" + cell : cell;
    }

    /** Undoes {@link #guard}: {@code "'=1+1"} → {@code "=1+1"}, {@code "''=1"} → {@code "'=1"}; any other cell as it is. */
    public static String unguard(String cell) {
        return cell != null && guarded(cell) ? cell.substring(1) : cell;
    }

    /** Whether the cell is one or more {@code '} before a cell that would run as a formula: what {@link #guard} writes. */
    private static boolean guarded(String cell) {
        int i = 0;
        while (i < cell.length() && cell.charAt(i) == '\'') {
            i++;
        }
        return i > 0 && armed(cell, i);
    }

    /** Whether the text from {@code start}, past any invisible format characters, begins as a formula. */
    private static boolean armed(String cell, int start) {
        int i = start;
        while (i < cell.length() && Character.getType(cell.charAt(i)) == Character.FORMAT) {
            i++;
        }
        return i < cell.length() && "=+-@\t\r".indexOf(cell.charAt(i)) >= 0;
    }
}
