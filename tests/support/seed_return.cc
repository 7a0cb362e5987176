#include "tests/support/seed_return.h"

namespace foi::testing {

ingest::FoiReturn SeedFoiReturn() {
  ingest::FoiReturn r;
  r.force_id = "lancashire";
  r.offence_id = "disclosing-private-sexual-images";
  r.period_start = "2015-04-13";
  r.period_end = "2017-04-12";
  r.total_reports = 220;
  r.not_yet_assigned = 12;
  r.foi_reference = "seed-article";
  r.lines = {
      {{"1"}, 12, false, "Charged"},
      {{"2", "3", "8"}, 19, false, "Cautions and community resolutions"},
      {{"15", "16"}, 110, false, "Evidential difficulties"},
      {{"10", "21"}, 17, false, "Not in the public interest"},
      {{"18"}, 50, false, "No leads"},
  };
  return r;
}

}  // namespace foi::testing
