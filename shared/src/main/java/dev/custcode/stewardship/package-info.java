/**
 * A data steward's decisions on stored customers: {@link dev.custcode.stewardship.MergeService}
 * merges a customer into another that is the same company (from {@code POST /customers/{code}/merge}
 * or {@code stewardship/merge/<name>.json}) and undoes it; {@link dev.custcode.stewardship.EraseService}
 * erases a customer's personal data everywhere it is kept ({@code erase/<code>.json}).
 */
package dev.custcode.stewardship;
