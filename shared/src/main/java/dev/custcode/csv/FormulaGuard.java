package dev.custcode.csv;

/**
 * Keeps a cell we write from running as a formula in a spreadsheet.
 *
 * <p>Why: a cell starting with {@code = + - @}, tab or carriage return is executed as a formula
 * by spreadsheet programs ({@code =HYPERLINK(...)}, DDE). Prefixing {@code '} makes Excel show it
 * as text. The cost is that a value like {@code -5} or {@code +86 138…} is shown as text too,
 * which for codes and phone numbers is what a steward wants anyway. Invisible characters before
 * that first character (a left-to-right mark, a soft hyphen, a zero-width space: Unicode format
 * characters) are dropped first, since spreadsheets would still see the formula behind them.
 * {@link HeaderMapping} takes the {@code '} off again when such a file is imported.
 */
public final class FormulaGuard {
    private FormulaGuard() {
    }

    /** {@code guard("=1+1")} → {@code "'=1+1"}, {@code guard("\u200E=1+1")} → {@code "'=1+1"}; other text unchanged; null → empty. */
    public static String guard(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        int start = 0;
        while (start < cell.length() && Character.getType(cell.charAt(start)) == Character.FORMAT) {
            start++;
        }
        if (start == cell.length()) {
            return cell;
        }
        char c = cell.charAt(start);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + cell.substring(start) : cell;
    }
}
