#include "tests/support/test_catalog.h"

namespace foi::testing {

Catalog TestCatalog() {
  std::vector<Force> forces = {
      {"cumbria", "Cumbria Constabulary", "England", "E23000002"},
      {"lancashire", "Lancashire Constabulary", "England", "E23000003"},
      {"merseyside", "Merseyside Police", "England", "E23000004"},
  };
  std::vector<Offence> offences = {
      {"disclosing-private-sexual-images", "Disclosing private sexual photographs and films",
       "Criminal Justice and Courts Act 2015 s.33", "008/71", absl::CivilDay(2015, 4, 13),
       absl::CivilDay(2024, 1, 30), "sharing-intimate-images"},
      {"sharing-intimate-images", "Sharing an intimate photograph or film",
       "Sexual Offences Act 2003 s.66B", "", absl::CivilDay(2024, 1, 31), std::nullopt, ""},
  };
  std::vector<OutcomeGroup> groups = {
      {"charged-summonsed", "Charged/summonsed", "action-taken", {"1", "1A"}},
      {"out-of-court-formal", "Out-of-court (formal)", "action-taken", {"2", "3", "6", "7"}},
      {"out-of-court-informal", "Out-of-court (informal)", "action-taken", {"8"}},
      {"taken-into-consideration", "Taken into consideration", "action-taken", {"4"}},
      {"diversionary-activity", "Diversionary activity", "action-taken", {"22"}},
      {"prosecution-prevented-or-not-in-public-interest",
       "Prosecution prevented",
       "no-further-action",
       {"5", "9", "10", "11", "12", "13", "17"}},
      {"evidential-difficulties-victim-supports",
       "Evidential difficulties (victim supports)",
       "no-further-action",
       {"15"}},
      {"evidential-difficulties-victim-does-not-support",
       "Evidential difficulties (victim does not support)",
       "no-further-action",
       {"14", "16"}},
      {"investigation-complete-no-suspect", "No suspect identified", "no-further-action", {"18"}},
      {"transferred-to-another-body", "Transferred", "no-further-action", {"20"}},
      {"further-investigation-not-in-public-interest",
       "Further investigation not in PI",
       "no-further-action",
       {"21"}},
      {"nfib-filed", "NFIB filed", "no-further-action", {"19"}},
  };
  std::vector<OutcomeType> types;
  for (const OutcomeGroup& group : groups) {
    for (const std::string& code : group.outcome_types) {
      // As the framework has them: type 21 from January 2016, 22 from April 2019.
      const absl::CivilDay introduced = code == "21"   ? absl::CivilDay(2016, 1, 1)
                                        : code == "22" ? absl::CivilDay(2019, 4, 1)
                                                       : absl::CivilDay(2014, 4, 1);
      types.push_back({code, "outcome " + code, group.group_id, introduced});
    }
  }
  return Catalog(std::move(forces), std::move(offences), std::move(types), std::move(groups));
}

}  // namespace foi::testing
