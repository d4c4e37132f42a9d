// The built-in kinds. Adding a field here makes it known to the checker and to JSON output;
// the extractor fills what it can and leaves the rest unset.
#include "engine/builtin_schema.hpp"

namespace verity {

Schema builtin_schema() {
  Schema s;
  const Type text = Type::text(), number = Type::number(), boolean = Type::boolean(),
             date = Type::date();
  s.add_kind({"doc",
              "a document",
              {{"id", text, "the path given on the command line, or the record's id"},
               {"path", text, "the file it was read from"},
               {"title", text, "the headline or first line"},
               {"outlet", text, "who published it"},
               {"published", date, "publication date"},
               {"role", text, "source, summary, or any word"},
               {"story", text, "groups documents about one event"},
               {"sha256", text, "hash of the normalized text"}}});
  s.add_kind({"quote",
              "a direct quotation",
              {{"text", text, "the quoted words, without the marks"},
               {"speaker", text, "who said it, unset when no attribution was found"},
               {"speaker_title", text, "the speaker's title or role"},
               {"verb", text, "the reporting verb: said, asserted, noted…"},
               {"via", text, "the channel: a news agency, a statement"},
               {"resolved", boolean,
                "false when the speaker stays as written (ambiguous or unknown short name, "
                "pronoun or role with nobody to point to); unset when no speaker"},
               {"nested", boolean, "inside another quote"},
               {"words", number, "number of words"}}});
  s.add_kind({"statement",
              "reported speech without quotation marks: X said that …, according to X, …",
              {{"text", text, "what was said, as written"},
               {"speaker", text, "who said it"},
               {"speaker_title", text, "the speaker's title or role"},
               {"verb", text, "the reporting verb, or \"according to\""},
               {"via", text, "the channel: a news agency, a statement"},
               {"resolved", boolean, "as for quote"}}});
  s.add_kind({"figure",
              "a number with its unit and what it counts",
              {{"value", number, "the number with its scale applied; the lower end of a range"},
               {"high", number, "the upper end of a range (10 to 15); unset when not a range"},
               {"unit", text, "normalized unit: USD, percent, tank…"},
               {"approx", boolean, "qualified as approximate"},
               {"qualifier", text, "about, more than, up to…"},
               {"subject", text, "what is counted or priced"},
               {"text", text, "the figure as written"}}});
  s.add_kind({"date",
              "a date or date range",
              {{"start", date, "first day"},
               {"end", date, "last day (same as start for a single day)"},
               {"precision", text, "day, month or year"},
               {"relative", boolean, "written relative to publication (last year, on Monday)"},
               {"event", text,
                "what the date is attached to: the noun phrase before its preposition (the "
                "summit on 3 May) or the sentence's subject (the talks); unset when none"},
               {"text", text, "the date as written"}}});
  s.add_kind({"person",
              "a mention of a named person",
              {{"name", text, "the name as written"},
               {"key", text, "a spelling-insensitive key for the name"},
               {"title", text, "title or role given with the name"},
               {"org", text, "organisation given with the name"}}});
  s.add_kind({"sentence",
              "a sentence of the document",
              {{"text", text, "the sentence"}, {"index", number, "0-based position"}}});
  return s;
}

}  // namespace verity
