// Progress output. The bar is rebuilt from scratch at each draw and padded with spaces over what
// the previous draw left (no terminal escape codes: \r and spaces work on every terminal and in
// `script` logs). Numbers in the bar are shortened (12.3k) so the line keeps its width as the
// counts grow; the plain lines give them whole, for logs and grep.
#include "engine/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace verity {
namespace {

constexpr double kBarRedrawSeconds = 0.125;  // at most 8 redraws per second
constexpr std::size_t kBarColumns = 79;      // the cursor stays on an 80-column line
constexpr double kMB = 1e6;                  // MB = 10^6 bytes, as in the benchmarks

// 950, 12.3k, 4.56M: at most 6 characters.
std::string short_count(double v) {
  if (v < 10000) return fmt::format("{:.0f}", v);
  if (v < 1e6) return fmt::format("{:.1f}k", v / 1e3);
  if (v < 1e9) return fmt::format("{:.2f}M", v / 1e6);
  return fmt::format("{:.2f}G", v / 1e9);
}

std::string duration(double seconds, bool compact) {
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s < 60) return compact ? fmt::format("{}s", s) : fmt::format("{} s", s);
  if (s < 3600) {
    return compact ? fmt::format("{}m{:02}s", s / 60, s % 60)
                   : fmt::format("{} min {:02} s", s / 60, s % 60);
  }
  return compact ? fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60)
                 : fmt::format("{} h {:02} min", s / 3600, (s % 3600) / 60);
}

bool evaluating(const ProgressCounts& c) {
  return c.phase == "evaluate" && c.stories_total > 0;
}

}  // namespace

ProgressMode choose_progress_mode(bool quiet, int fd) {
  if (quiet) return ProgressMode::quiet;
  const char* term = std::getenv("TERM");
  if (::isatty(fd) == 1 && (term == nullptr || std::strcmp(term, "dumb") != 0)) {
    return ProgressMode::bar;
  }
  return ProgressMode::lines;
}

ProgressClock steady_progress_clock() {
  return [] {
    const auto since_epoch = std::chrono::steady_clock::now().time_since_epoch();
    return std::chrono::duration<double>(since_epoch).count();
  };
}

ProgressReporter::ProgressReporter(ProgressMode mode, std::FILE* out, double interval_seconds,
                                   ProgressClock clock)
    : mode_(mode), out_(out), interval_(interval_seconds), clock_(std::move(clock)) {
  start_ = clock_();
  last_draw_ = start_;
  phase_start_ = start_;
}

double ProgressReporter::fraction(const ProgressCounts& c) const {
  if (evaluating(c)) {
    return std::min(1.0,
                    static_cast<double>(c.stories_done) / static_cast<double>(c.stories_total));
  }
  if (c.total_bytes == 0) return -1;
  return std::min(1.0, static_cast<double>(c.bytes) / static_cast<double>(c.total_bytes));
}

std::string ProgressReporter::eta(const ProgressCounts& c, double now, bool compact) const {
  const double f = fraction(c);
  if (f < 0) return "ETA ?";
  if (f >= 1) return compact ? "ETA 0s" : "ETA 0 s";
  const double moved = f - phase_start_fraction_;
  const double took = now - phase_start_;
  if (moved <= 0 || took <= 0) return "ETA ?";
  return "ETA " + duration(took * (1 - f) / moved, compact);
}

void ProgressReporter::note_phase(const ProgressCounts& c, double now) {
  if (c.phase == phase_) return;
  if (bar_open_) {
    // The finished phase keeps its last bar on screen; the new one starts below it.
    draw_bar(last_, now);
    end_bar_line();
  }
  phase_ = c.phase;
  phase_start_ = now;
  const double f = fraction(c);
  phase_start_fraction_ = f < 0 ? 0 : f;
}

std::string ProgressReporter::bar_text(const ProgressCounts& c, double now) const {
  const double elapsed = std::max(now - start_, 1e-9);
  const double f = fraction(c);
  std::string info;
  if (evaluating(c)) {
    info = fmt::format("{}/{} stories  {} findings  {}", short_count(double(c.stories_done)),
                       short_count(double(c.stories_total)), short_count(double(c.findings)),
                       eta(c, now, true));
  } else {
    const double mb_per_s = double(c.bytes) / kMB / elapsed;
    info = fmt::format("{} docs  {} docs/s  {} MB/s  {} findings  {}",
                       short_count(double(c.documents)), short_count(double(c.documents) / elapsed),
                       mb_per_s < 1000 ? fmt::format("{:.1f}", mb_per_s) : short_count(mb_per_s),
                       short_count(double(c.findings)), eta(c, now, true));
  }
  if (f >= 0) info = fmt::format("{:3.0f}%  ", f * 100) + info;
  std::string text = c.phase.empty() ? std::string("progress") : c.phase;
  // The bar takes the columns the numbers leave; on a long line it goes rather than wrapping.
  const std::size_t fixed = text.size() + 1 + info.size();
  if (f >= 0 && fixed + 3 + 10 <= kBarColumns) {
    const std::size_t width = std::min<std::size_t>(kBarColumns - fixed - 3, 30);
    const auto full = static_cast<std::size_t>(f * static_cast<double>(width));
    text += " [" + std::string(full, '#') + std::string(width - full, '.') + "]";
  }
  text += " " + info;
  if (text.size() > kBarColumns) text.resize(kBarColumns);
  return text;
}

std::string ProgressReporter::line_text(const ProgressCounts& c, double now, bool done) const {
  const double elapsed = std::max(now - start_, 1e-9);
  const std::string phase = c.phase.empty() ? std::string("progress") : c.phase;
  const std::string tail =
      done ? fmt::format("done in {}", duration(now - start_, false)) : eta(c, now, false);
  if (evaluating(c)) {
    return fmt::format("verity audit: {}: {}/{} stories, {} findings, {}", phase, c.stories_done,
                       c.stories_total, c.findings, tail);
  }
  return fmt::format(
      "verity audit: {}: {} documents, {:.1f} MB, {:.0f} documents/s, {:.1f} MB/s, {} findings, {}",
      phase, c.documents, double(c.bytes) / kMB, double(c.documents) / elapsed,
      double(c.bytes) / kMB / elapsed, c.findings, tail);
}

void ProgressReporter::draw_bar(const ProgressCounts& c, double now) {
  const std::string text = bar_text(c, now);
  const std::size_t pad = bar_width_ > text.size() ? bar_width_ - text.size() : 0;
  fmt::print(out_, "\r{}{}", text, std::string(pad, ' '));
  std::fflush(out_);
  bar_width_ = text.size();
  bar_open_ = true;
  drawn_ = true;
  last_draw_ = now;
}

void ProgressReporter::end_bar_line() {
  std::fputc('\n', out_);
  std::fflush(out_);
  bar_open_ = false;
  bar_width_ = 0;
}

void ProgressReporter::update(const ProgressCounts& counts) {
  if (mode_ == ProgressMode::quiet) return;
  const double now = clock_();
  note_phase(counts, now);
  last_ = counts;
  if (mode_ == ProgressMode::bar) {
    if (!drawn_ || !bar_open_ || now - last_draw_ >= kBarRedrawSeconds) draw_bar(counts, now);
    return;
  }
  if (now - last_draw_ >= interval_) {
    fmt::print(out_, "{}\n", line_text(counts, now, false));
    std::fflush(out_);
    drawn_ = true;
    last_draw_ = now;
  }
}

void ProgressReporter::finish(const ProgressCounts& counts) {
  if (mode_ == ProgressMode::quiet) return;
  const double now = clock_();
  note_phase(counts, now);
  last_ = counts;
  if (mode_ == ProgressMode::bar) {
    draw_bar(counts, now);
    end_bar_line();
    return;
  }
  fmt::print(out_, "{}\n", line_text(counts, now, true));
  std::fflush(out_);
  drawn_ = true;
  last_draw_ = now;
}

}  // namespace verity
