package dev.custcode.ingest;

import dev.custcode.classify.ValueWarning;
import dev.custcode.identity.Identity;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A row that passed validation: who it may be, what it says, what it clears.
 *
 * @param line    the line the record starts on
 * @param code    the code the row names ({@code code:NED000042} key), or null
 * @param keys    its identity keys, in the scheme's order of preference
 * @param values  field → normalized value, for the non-empty cells
 * @param cleared fields the row clears (an explicit clear token, or an empty cell where the scheme says so)
 * @param stamp   orders this row's values against every other write of the same fields
 * @param cells   the row's cells as read (for the conflicts and rejection files)
 * @param warnings values present but not understood (kept or ignored, as each says)
 * @param exportedAsOf for a row of an export dropped back, its {@code updatedAt} cell: the customer's
 *                 data as the export showed it dates from then (epoch milliseconds); else null
 * @param masked  field → a cell of a personal field as exports mask it ({@code 138****8000}): not a value
 * @param computed for a row of an export dropped back, its columns the scheme computes: dimension name (or
 *                 {@code folder}) → the cell, when not empty. Read only to say an edit of one is not applied
 * @param emptied  for a row of an export dropped back, the fields of its empty cells that it does not clear: an
 *                 empty cell keeps the stored value, and where one is stored the import says so
 */
record AcceptedRow(long line, String code, List<Identity> keys, Map<String, String> values, Set<String> cleared, String stamp,
                   List<String> cells, List<ValueWarning> warnings, Long exportedAsOf, Map<String, String> masked,
                   Map<String, String> computed, Set<String> emptied) {
}
