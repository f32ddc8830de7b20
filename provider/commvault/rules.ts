// The documented rules of PUT /V4/UserGroup that depend on more than one field, on the
// group as it will be after the change.
import type { InputProblem } from "../core/errors";
import type { Props } from "../core/definition";

export function userGroupRuleProblems(after: Props, declared: Props, outputs?: Props): InputProblem[] {
  const problems: InputProblem[] = [];
  if (declared.quotaLimitInGB !== undefined && after.enforceFSQuota === false) {
    problems.push({ path: "quotaLimitInGB", reason: "quotaLimitInGB only applies while enforceFSQuota is true" });
  }
  if (declared.allowMultipleCompanyMembers === true && outputs?.eligibleToAllowMultipleCompanyMembers === false) {
    problems.push({
      path: "allowMultipleCompanyMembers",
      reason: "allowMultipleCompanyMembers is only applicable to CommCell and reseller company groups; this group is not eligible",
    });
  }
  return problems;
}
