// Owns showing the progress of a long run (a batch audit): a bar redrawn in place on a terminal,
// a plain line every few seconds in a log, or nothing. Only formatting and pacing live here; the
// caller counts. The clock is injectable so tests check the pacing without sleeping.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

namespace verity {

struct ProgressCounts {
  std::string phase;              // "extract", "evaluate"
  std::uint64_t documents = 0;    // documents read so far
  std::uint64_t bytes = 0;        // input bytes consumed so far
  std::uint64_t total_bytes = 0;  // sum of input file sizes; 0 when unknown (no ETA)
  std::uint64_t facts = 0, findings = 0;
  std::uint64_t stories_done = 0, stories_total = 0;  // evaluate phase
};

enum class ProgressMode { bar, lines, quiet };

// bar when `fd` is a terminal (and TERM is not "dumb"), lines otherwise, quiet when `quiet`.
ProgressMode choose_progress_mode(bool quiet, int fd);

// Seconds on a monotonic clock; only differences matter.
using ProgressClock = std::function<double()>;
ProgressClock steady_progress_clock();

// Rates (documents/s, MB/s) are over the whole run so far: since the reporter was made. The ETA
// is over the current phase so far: the time the phase took to get from where it started to
// the fraction done now, scaled to the fraction left. The fraction done is bytes / total_bytes,
// or, in the "evaluate" phase when stories_total is set, stories_done / stories_total. The whole
// run, not a moving window: an audit's documents are alike, so the long average is steady
// where a window jumps with every large article. "ETA ?" until the fraction has moved.
class ProgressReporter {
 public:
  // `out` is usually stderr. bar: redraws one line (\r) at most 8 times per second, at most 79
  // columns (fits an 80-column terminal without wrapping); lines: one plain line every
  // `interval_seconds`; quiet: nothing.
  ProgressReporter(ProgressMode mode, std::FILE* out, double interval_seconds = 5.0,
                   ProgressClock clock = steady_progress_clock());
  // Cheap when nothing is due (one clock read): call it often.
  void update(const ProgressCounts& counts);
  // Final state. bar: redrawn and the line ended with '\n'; lines: one last line with "done".
  void finish(const ProgressCounts& counts);

  // The text of one bar or one line for `counts` at time `now` (exposed for tests).
  std::string bar_text(const ProgressCounts& counts, double now) const;
  std::string line_text(const ProgressCounts& counts, double now, bool done) const;

 private:
  double fraction(const ProgressCounts& counts) const;  // -1 when unknown
  std::string eta(const ProgressCounts& counts, double now, bool compact) const;
  void draw_bar(const ProgressCounts& counts, double now);
  void end_bar_line();
  void note_phase(const ProgressCounts& counts, double now);

  ProgressMode mode_;
  std::FILE* out_;
  double interval_;
  ProgressClock clock_;
  double start_ = 0;
  double last_draw_ = 0;
  bool drawn_ = false;         // something printed since the reporter was made
  bool bar_open_ = false;      // a bar line is on screen without its '\n'
  std::size_t bar_width_ = 0;  // columns of the bar drawn last, to blank what is left of it
  std::string phase_;
  double phase_start_ = 0;
  double phase_start_fraction_ = 0;
  ProgressCounts last_;
};

}  // namespace verity
