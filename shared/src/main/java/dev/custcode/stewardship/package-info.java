/**
 * A data steward's decisions on stored customers: {@link dev.custcode.stewardship.MergeService}
 * merges a customer into another that is the same company (from {@code POST /customers/{code}/merge}
 * or {@code stewardship/merge/<name>.json}) and undoes it; {@link dev.custcode.stewardship.EraseService}
 * erases a customer's personal data everywhere it is kept ({@code privacy/erase/<code>.json}).
 * Entry points: {@link dev.custcode.stewardship.MergeService#merge}, {@link dev.custcode.stewardship.MergeService#unmerge},
 * {@link dev.custcode.stewardship.EraseService#erase}.
 */
package dev.custcode.stewardship;
