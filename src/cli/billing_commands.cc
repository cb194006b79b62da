#include "cli/billing_commands.h"

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "app/billing.h"
#include "app/metering.h"
#include "app/rate_book.h"
#include "cli/cli_common.h"
#include "http/bill_documents.h"

namespace cistern {
namespace {

// The command line works as the office's system user with the role the work needs.
Caller Office(Role role, const char* name) { return Caller{UserId(), role, name}; }

Result<Date> OptionalDate(const std::string& text, const std::string& option, Date fallback) {
  if (text.empty()) return fallback;
  return ParseDate(text, option);  // "Enter a real calendar date as YYYY-MM-DD ..." naming it
}

// An option given for an existing run must agree with it: the run keeps its period and dates, so
// a different value would be silently ignored.
Status AgreesWithRun(const std::string& text, const std::string& option, Date runs) {
  if (text.empty()) return OkStatus();
  CISTERN_ASSIGN_OR_RETURN(Date given, ParseDate(text, option));
  if (given == runs) return OkStatus();
  return Error::FailedPrecondition("RUN_EXISTS",
                                   "This cycle's run for the period already exists with " + option +
                                       " " + FormatDate(runs) + ", not " + FormatDate(given) +
                                       ". Run it without " + option +
                                       " to resume it, or discard it first "
                                       "(`cistern bill discard`).",
                                   option);
}

int LoadRates(const std::string& database, const std::string& config, const std::string& file) {
  auto text = ReadTextFile(file);
  if (!text.ok()) return Fail(text.error());
  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  auto loaded = LoadRateFile(*(*opened)->context, Office(Role::kAdmin, "Rate loader"),
                             std::filesystem::path(file).filename().string(), *text);
  if (!loaded.ok()) return Fail(loaded.error());
  if (loaded->already_loaded) {
    fmt::print("{} is already loaded; nothing changed.\n", file);
    return 0;
  }
  for (const RateVersionRecord& version : loaded->versions) {
    fmt::print("Loaded rates effective {}: {} ({})\n", FormatDate(version.effective_on),
               version.name, version.ordinance);
  }
  return 0;
}

int ImportReadingFile(const std::string& database, const std::string& config,
                      const std::string& file) {
  auto text = ReadTextFile(file);
  if (!text.ok()) return Fail(text.error());
  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  const std::string name = std::filesystem::path(file).filename().string();
  auto report =
      ImportReadings(*(*opened)->context, Office(Role::kField, "Reading import"), name, *text);
  if (!report.ok()) return Fail(report.error());
  if (!report->imported()) {
    for (const ReadingFileProblem& problem : report->problems) {
      fmt::print(stderr, "{}:{}: {} ({})\n", name, problem.line, problem.message, problem.field);
    }
    fmt::print(stderr, "{} line(s) are malformed; nothing was imported.\n",
               report->problems.size());
    return 1;
  }
  fmt::print(
      "Imported {}: {} lines, {} readings ready, {} held for review, {} skipped, {} unknown "
      "meters, {} duplicates, {} already imported, {} meters missing.\n",
      name, report->lines, report->ready, report->held, report->skipped, report->unknown_meters,
      report->duplicates, report->already_imported, report->missing);
  return 0;
}

void PrintSummary(const BillingRunView& view) {
  const RunSummary& summary = view.summary;
  fmt::print("Run {} · cycle {} · {} to {} · bill date {} · due {} · {}\n", view.run.id.value(),
             view.run.cycle, FormatDate(view.run.period_first), FormatDate(view.run.period_last),
             FormatDate(view.run.bill_date), FormatDate(view.run.due_date),
             RunStatusCode(view.run.status));
  fmt::print("  accounts {}, billable {}, already billed {}, held back {}\n", summary.accounts,
             summary.billable, summary.already_billed, summary.blocked);
  fmt::print("  current charges {}\n", summary.current_charges.Format());
  for (const auto& [service, amount] : summary.charges_by_service) {
    fmt::print("    {:<12} {:>16}\n", service, amount.Format());
  }
  for (const auto& [kind, count] : summary.exceptions_by_kind) {
    fmt::print("  exceptions: {:<18} {}\n", kind, count);
  }
  const std::size_t shown = std::min<std::size_t>(summary.exceptions.size(), 20);
  for (std::size_t index = 0; index < shown; ++index) {
    const RunException& exception = summary.exceptions[index];
    fmt::print("    {} {:<18} {}\n", exception.account_number, RunExceptionKindCode(exception.kind),
               exception.detail);
  }
  if (summary.exceptions.size() > shown) {
    fmt::print("    ... and {} more (the console lists them all)\n",
               summary.exceptions.size() - shown);
  }
}

int RunBilling(const std::string& database, const std::string& config,
               const BillingCommands& commands) {
  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  const AppContext& context = *(*opened)->context;
  const Caller supervisor = Office(Role::kSupervisor, "Billing run");
  auto period_last = ParseDate(commands.period_end, "--period-end");
  if (!period_last.ok()) return Fail(period_last.error());

  // An existing run for the cycle and period is resumed (a stopped run finishes; a posted run
  // bills only accounts fixed since), so the command is safe to repeat. It is looked for first:
  // its own dates stand, and options that disagree with them are refused rather than ignored.
  std::optional<BillingRunView> view;
  // A new run's preview keeps its plans for the posting that follows (KeptPlans); a resumed run
  // is planned again as it posts.
  KeptPlans kept;
  auto existing = FindRun(context, supervisor, commands.cycle, *period_last);
  if (existing.ok()) {
    for (Status agrees :
         {AgreesWithRun(commands.period_start, "--period-start", existing->period_first),
          AgreesWithRun(commands.bill_date, "--bill-date", existing->bill_date)}) {
      if (!agrees.ok()) return Fail(agrees.error());
    }
    auto resumed = PreviewRun(context, supervisor, existing->id);
    if (!resumed.ok()) return Fail(resumed.error());
    view = *resumed;
  } else if (existing.error().code != ErrorCode::kNotFound) {
    return Fail(existing.error());
  }
  if (!view) {
    RunRequest request;
    request.cycle = commands.cycle;
    request.period_last = *period_last;
    if (!commands.period_start.empty()) {
      auto first = OptionalDate(commands.period_start, "--period-start", Date{});
      if (!first.ok()) return Fail(first.error());
      request.period_first = *first;
    }
    auto bill_date = OptionalDate(commands.bill_date, "--bill-date", context.Today());
    if (!bill_date.ok()) return Fail(bill_date.error());
    request.bill_date = *bill_date;
    request.message = commands.message;
    auto created = CreateRun(context, supervisor, request, commands.preview_only ? nullptr : &kept);
    if (!created.ok()) return Fail(created.error());
    view = *created;
  }
  PrintSummary(*view);
  std::fflush(stdout);  // the summary shows before the posting, also in a log or a pipe
  if (commands.preview_only) return 0;
  if (view->run.status == RunStatus::kPreviewed) {
    auto approved = ApproveRun(context, supervisor, view->run.id, &kept);
    if (!approved.ok()) return Fail(approved.error());
  }
  const bool terminal = isatty(fileno(stderr));
  auto report = PostRun(
      context, supervisor, view->run.id,
      [terminal](const PostProgress& p) {
        if (!terminal) return;
        const int width = 30;
        const int filled = p.total == 0 ? width : p.done * width / p.total;
        std::fprintf(stderr, "\r[%s%s] %d / %d accounts, %d bills",
                     std::string(filled, '#').c_str(), std::string(width - filled, ' ').c_str(),
                     p.done, p.total, p.posted);
        if (p.done == p.total) std::fputc('\n', stderr);
      },
      &kept);
  if (!report.ok()) return Fail(report.error());
  fmt::print(
      "Posted {} bills ({} current charges) in {:.2f} s ({:.0f} bills per second); {} "
      "already billed, {} held back by exceptions.\n",
      report->posted, report->current_charges.Format(), report->seconds,
      report->seconds > 0 ? report->posted / report->seconds : 0.0, report->already_billed,
      report->blocked);
  if (report->planned_by_preview > 0) {
    fmt::print(
        "The preview's plans were used for {} accounts (nothing else was written between the"
        " preview and the posting).\n",
        report->planned_by_preview);
  }
  return 0;
}

// Discards a cycle's run that has posted nothing (a preview made for the wrong period, say), so
// that its period can be run again.
int DiscardBilling(const std::string& database, const std::string& config,
                   const BillingCommands& commands) {
  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  const AppContext& context = *(*opened)->context;
  const Caller supervisor = Office(Role::kSupervisor, "Billing run");
  auto period_last = ParseDate(commands.period_end, "--period-end");
  if (!period_last.ok()) return Fail(period_last.error());
  auto run = FindRun(context, supervisor, commands.cycle, *period_last);
  if (!run.ok()) return Fail(run.error());
  auto discarded = DiscardRun(context, supervisor, run->id);
  if (!discarded.ok()) return Fail(discarded.error());
  fmt::print("Discarded run {} · cycle {} · {} to {}.\n", run->id.value(), run->cycle,
             FormatDate(run->period_first), FormatDate(run->period_last));
  return 0;
}

// Writes every part of the run: FILE.pdf when it fits one file, else FILE-1.pdf, FILE-2.pdf, ...
int PrintBills(const std::string& database, const std::string& config,
               const BillingCommands& commands) {
  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  const AppContext& context = *(*opened)->context;
  const Caller printer = Office(Role::kSupervisor, "Bill print");
  const auto started = std::chrono::steady_clock::now();
  int bills = 0;
  int parts = 1;
  for (int part = 1; part <= parts; ++part) {
    auto rendered = RenderRunPdf(context, printer, BillingRunId(commands.run_id), part);
    if (!rendered.ok()) return Fail(rendered.error());
    parts = rendered->parts;
    std::string path = commands.output;
    if (parts > 1) {
      const std::filesystem::path output(commands.output);
      path = (output.parent_path() /
              (output.stem().string() + "-" + std::to_string(part) + output.extension().string()))
                 .string();
    }
    std::FILE* out = std::fopen(path.c_str(), "wb");
    if (out == nullptr) {
      return Fail(
          Error::InvalidArgument("--output", "FILE_UNWRITABLE", "Cannot write " + path + "."));
    }
    const bool written =
        std::fwrite(rendered->pdf.data(), 1, rendered->pdf.size(), out) == rendered->pdf.size();
    if (std::fclose(out) != 0 || !written) {
      return Fail(Error::Unavailable("FILE_WRITE_FAILED", "Could not write all of " + path + "."));
    }
    fmt::print("Wrote {} bills to {} ({} bytes).\n", rendered->bills, path, rendered->pdf.size());
    bills += rendered->bills;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("{} bills in {} file(s) in {:.2f} s ({:.0f} bills per second).\n", bills, parts,
             seconds, seconds > 0 ? bills / seconds : 0.0);
  return 0;
}

}  // namespace

BillingCommands AddBillingCommands(CLI::App& app,
                                   const std::function<void(CLI::App*)>& add_common) {
  BillingCommands commands;
  CLI::App* rates_group = app.add_subcommand("rates", "The city's rate schedules");
  rates_group->require_subcommand(1);
  commands.rates_load =
      rates_group->add_subcommand("load", "Load a rate file into the database (docs/rates.md)");
  add_common(commands.rates_load);
  commands.rates_load->add_option("file", commands.file, "The rate file (TOML)")->required();

  CLI::App* readings = app.add_subcommand("readings", "Meter readings");
  readings->require_subcommand(1);
  commands.readings_import =
      readings->add_subcommand("import", "Import a route reading file (docs/billing.md)");
  add_common(commands.readings_import);
  commands.readings_import->add_option("file", commands.file, "The CSV file")->required();

  CLI::App* bill = app.add_subcommand("bill", "Billing runs and bills");
  bill->require_subcommand(1);
  commands.bill_run = bill->add_subcommand(
      "run", "Preview, approve and post a cycle's bills (resumes a stopped run)");
  add_common(commands.bill_run);
  commands.bill_run->add_option("--cycle", commands.cycle, "The billing cycle")->required();
  commands.bill_run->add_option("--period-end", commands.period_end, "Last day of the period")
      ->required();
  commands.bill_run->add_option("--period-start", commands.period_start,
                                "First day (default: the first of the period-end's month)");
  commands.bill_run->add_option("--bill-date", commands.bill_date, "Bill date (default: today)");
  commands.bill_run->add_option("--message", commands.message, "Message printed on every bill");
  commands.bill_run->add_flag("--preview", commands.preview_only,
                              "Preview only: list totals and exceptions, post nothing");
  commands.bill_discard = bill->add_subcommand(
      "discard", "Discard a cycle's run that has posted nothing, so its period can run again");
  add_common(commands.bill_discard);
  commands.bill_discard->add_option("--cycle", commands.cycle, "The billing cycle")->required();
  commands.bill_discard->add_option("--period-end", commands.period_end, "Last day of the period")
      ->required();
  commands.bill_print =
      bill->add_subcommand("print", "Render a posted run's bills into one PDF for the printer");
  add_common(commands.bill_print);
  commands.bill_print->add_option("--run", commands.run_id, "The billing run id")->required();
  commands.bill_print->add_option("--output", commands.output, "The PDF file to write")->required();
  return commands;
}

bool RunBillingCommands(const BillingCommands& commands, const std::string& database,
                        const std::string& config, int* status) {
  if (commands.rates_load->parsed()) {
    *status = LoadRates(database, config, commands.file);
  } else if (commands.readings_import->parsed()) {
    *status = ImportReadingFile(database, config, commands.file);
  } else if (commands.bill_run->parsed()) {
    *status = RunBilling(database, config, commands);
  } else if (commands.bill_discard->parsed()) {
    *status = DiscardBilling(database, config, commands);
  } else if (commands.bill_print->parsed()) {
    *status = PrintBills(database, config, commands);
  } else {
    return false;
  }
  return true;
}

}  // namespace cistern
