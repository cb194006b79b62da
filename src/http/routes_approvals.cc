// Adjustments and refunds (with the supervisor's approvals queue) and balance transfers.
#include <httplib.h>

#include "app/ledger.h"
#include "http/ledger_views.h"
#include "http/money_request.h"
#include "http/router.h"

namespace cistern::http {
namespace {

Result<std::optional<ApprovalStatus>> StatusQuery(const ApiRequest& request) {
  auto text = request.Query("status");
  if (!text || text->empty()) return std::optional<ApprovalStatus>();
  if (*text == "pending_approval") return std::optional<ApprovalStatus>(ApprovalStatus::kPending);
  if (*text == "posted" || *text == "approved") {
    return std::optional<ApprovalStatus>(ApprovalStatus::kPosted);
  }
  if (*text == "rejected") return std::optional<ApprovalStatus>(ApprovalStatus::kRejected);
  return Error::InvalidArgument("status", "STATUS_UNKNOWN",
                                "status is pending_approval, posted (approved) or rejected.");
}

Result<std::string> ReadDecisionMemo(const ApiRequest& request) {
  if (request.http.body.empty()) return std::string();
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  std::string memo = reader.OptionalString("memo");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  return memo;
}

Result<ApiReply> RequestAdjustmentHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kPostPayments));
  CISTERN_ASSIGN_OR_RETURN(IdempotencyKey key, ReadIdempotencyKey(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  AdjustmentRequest adjustment;
  const std::string account = reader.RequiredString("account_id");
  const std::string direction = reader.RequiredString("direction");
  const auto amount = ReadCents(reader, "amount_cents", true);
  adjustment.fund = reader.RequiredString("fund");
  adjustment.reason_code = reader.RequiredString("reason_code");
  adjustment.memo = reader.RequiredString("memo");
  const std::string corrects = reader.OptionalString("corrects_entry_id");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(adjustment.account_id,
                           ParseId<AccountId>(account, kAccountPrefix, "account_id"));
  if (direction != "debit" && direction != "credit") {
    return Error::InvalidArgument("direction", "DIRECTION_INVALID",
                                  "direction is \"debit\" (raises what is owed) or \"credit\".");
  }
  adjustment.direction =
      direction == "debit" ? AdjustmentDirection::kDebit : AdjustmentDirection::kCredit;
  adjustment.amount = *amount;
  if (!corrects.empty()) {
    CISTERN_ASSIGN_OR_RETURN(adjustment.corrects_entry_id,
                             ParseId<JournalEntryId>(corrects, kEntryPrefix, "corrects_entry_id"));
  }
  CISTERN_ASSIGN_OR_RETURN(AdjustmentView view,
                           RequestAdjustment(request.app, request.caller(), adjustment, key));
  ApiReply reply = Created(AdjustmentJson(view));
  MarkReplayed(reply, view.replayed);
  return reply;
}

Result<ApiReply> ListAdjustmentsHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  CISTERN_ASSIGN_OR_RETURN(auto status, StatusQuery(request));
  CISTERN_ASSIGN_OR_RETURN(
      Page<AdjustmentView> adjustments,
      ListAdjustments(request.app, request.caller(), status, std::nullopt, std::nullopt, page));
  return Ok(ListJson(adjustments, AdjustmentJson));
}

Result<ApiReply> DecideAdjustmentHandler(const ApiRequest& request, Decision decision) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kDecideApprovals));
  CISTERN_ASSIGN_OR_RETURN(
      AdjustmentId id,
      ParseId<AdjustmentId>(request.PathParameter(1), kAdjustmentPrefix, "adjustment_id"));
  CISTERN_ASSIGN_OR_RETURN(std::string memo, ReadDecisionMemo(request));
  CISTERN_ASSIGN_OR_RETURN(AdjustmentView view,
                           DecideAdjustment(request.app, request.caller(), id, decision, memo));
  return Ok(AdjustmentJson(view));
}

Result<ApiReply> RequestRefundHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kPostPayments));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string account = reader.RequiredString("account_id");
  const auto amount = ReadCents(reader, "amount_cents", true);
  const std::string memo = reader.OptionalString("memo");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(AccountId account_id,
                           ParseId<AccountId>(account, kAccountPrefix, "account_id"));
  CISTERN_ASSIGN_OR_RETURN(RefundView view,
                           RequestRefund(request.app, request.caller(), account_id, *amount, memo));
  return Created(RefundJson(view));
}

Result<ApiReply> ListRefundsHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  CISTERN_ASSIGN_OR_RETURN(auto status, StatusQuery(request));
  CISTERN_ASSIGN_OR_RETURN(
      Page<RefundView> refunds,
      ListRefunds(request.app, request.caller(), status, std::nullopt, std::nullopt, page));
  return Ok(ListJson(refunds, RefundJson));
}

Result<ApiReply> DecideRefundHandler(const ApiRequest& request, Decision decision) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kDecideApprovals));
  CISTERN_ASSIGN_OR_RETURN(RefundId id,
                           ParseId<RefundId>(request.PathParameter(1), kRefundPrefix, "refund_id"));
  CISTERN_ASSIGN_OR_RETURN(std::string memo, ReadDecisionMemo(request));
  CISTERN_ASSIGN_OR_RETURN(RefundView view,
                           DecideRefund(request.app, request.caller(), id, decision, memo));
  return Ok(RefundJson(view));
}

Result<ApiReply> WriteOffHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kDecideApprovals));
  CISTERN_ASSIGN_OR_RETURN(
      AccountId id, ParseId<AccountId>(request.PathParameter(1), kAccountPrefix, "account_id"));
  CISTERN_ASSIGN_OR_RETURN(IdempotencyKey key, ReadIdempotencyKey(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string memo = reader.RequiredString("memo");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(PostedEntry posted,
                           WriteOffBalance(request.app, request.caller(), id, memo, key));
  ApiReply reply = Created({{"entry_id", IdText(kEntryPrefix, posted.entry.id.value())},
                            {"entry", EntryJson(posted.entry, request.app.finance.chart)}});
  MarkReplayed(reply, posted.replayed);
  return reply;
}

Result<ApiReply> TransferHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kPostPayments));
  CISTERN_ASSIGN_OR_RETURN(IdempotencyKey key, ReadIdempotencyKey(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string from = reader.RequiredString("from_account_id");
  const std::string to = reader.RequiredString("to_account_id");
  const std::string memo = reader.OptionalString("memo");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(AccountId from_id,
                           ParseId<AccountId>(from, kAccountPrefix, "from_account_id"));
  CISTERN_ASSIGN_OR_RETURN(AccountId to_id,
                           ParseId<AccountId>(to, kAccountPrefix, "to_account_id"));
  CISTERN_ASSIGN_OR_RETURN(PostedEntry posted, TransferBalance(request.app, request.caller(),
                                                               from_id, to_id, memo, key));
  ApiReply reply = Created({{"entry_id", IdText(kEntryPrefix, posted.entry.id.value())},
                            {"entry", EntryJson(posted.entry, request.app.finance.chart)}});
  MarkReplayed(reply, posted.replayed);
  return reply;
}

}  // namespace

void RegisterApprovalRoutes(Router& router) {
  router.Add("POST", "/api/v1/adjustments", Access::kSignedIn, RequestAdjustmentHandler);
  router.Add("GET", "/api/v1/adjustments", Access::kSignedIn, ListAdjustmentsHandler);
  router.Add("POST", "/api/v1/adjustments/([^/]+)/approve", Access::kSignedIn,
             [](const ApiRequest& request) {
               return DecideAdjustmentHandler(request, Decision::kApprove);
             });
  router.Add("POST", "/api/v1/adjustments/([^/]+)/reject", Access::kSignedIn,
             [](const ApiRequest& request) {
               return DecideAdjustmentHandler(request, Decision::kReject);
             });
  router.Add("POST", "/api/v1/refunds", Access::kSignedIn, RequestRefundHandler);
  router.Add("GET", "/api/v1/refunds", Access::kSignedIn, ListRefundsHandler);
  router.Add(
      "POST", "/api/v1/refunds/([^/]+)/approve", Access::kSignedIn,
      [](const ApiRequest& request) { return DecideRefundHandler(request, Decision::kApprove); });
  router.Add(
      "POST", "/api/v1/refunds/([^/]+)/reject", Access::kSignedIn,
      [](const ApiRequest& request) { return DecideRefundHandler(request, Decision::kReject); });
  router.Add("POST", "/api/v1/transfers", Access::kSignedIn, TransferHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/write-off", Access::kSignedIn, WriteOffHandler);
}

}  // namespace cistern::http
