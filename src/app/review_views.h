// What the Children tab's review views show, read from the store in one read transaction
// each: a child's IOA coverage (review/ioa.h; `mimic ioa` prints the same) and one program's
// progress graph with each session's trials (ui/progress_graph.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "review/ioa.h"
#include "store/database.h"
#include "ui/progress_graph.h"

namespace mimic::app {

// Every program of the child, by behaviour name.
Result<std::vector<review::ProgramIoa>> loadChildIoa(store::Database& db, std::int64_t child_id);

// The child's sessions of the behaviour as a graph, each point with its trials. The child and
// the behaviour must exist; the program may not (then there is no goal line).
Result<ui::ProgressGraphData> loadProgressGraph(store::Database& db, const std::string& child,
                                                const std::string& behaviour);

}  // namespace mimic::app
