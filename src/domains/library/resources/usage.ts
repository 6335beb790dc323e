/*
 * What the library's lists take from the reach capability, which counts use by the COUNTER R5
 * rules: the "most used" order (as SQL) and the counts. One place, so resources' code names one
 * module for both.
 */
export { usageCountsFor, usageOrderSql as usageRankSql } from "../reach/service";
