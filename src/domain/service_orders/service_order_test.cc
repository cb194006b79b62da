#include "domain/service_orders/service_order.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

Date D(const char* text) { return *ParseDate(text, "date"); }

const Date kToday = D("2026-11-27");

ServiceOrderDraft TurnOn() {
  ServiceOrderDraft draft;
  draft.type = ServiceOrderType::kTurnOn;
  draft.requested_on = D("2026-11-30");
  draft.window = ServiceWindow::kMorning;
  draft.has_premise = true;
  draft.has_meter = true;
  return draft;
}

TEST(ServiceOrderCodesTest, CodesRoundTrip) {
  for (ServiceOrderType type : AllServiceOrderTypes()) {
    EXPECT_EQ(ParseServiceOrderType(ServiceOrderTypeCode(type)), type);
  }
  for (ServiceOrderStatus status :
       {ServiceOrderStatus::kOpen, ServiceOrderStatus::kDispatched, ServiceOrderStatus::kCompleted,
        ServiceOrderStatus::kCancelled}) {
    EXPECT_EQ(ParseServiceOrderStatus(ServiceOrderStatusCode(status)), status);
  }
  for (ServiceWindow window :
       {ServiceWindow::kAnyTime, ServiceWindow::kMorning, ServiceWindow::kAfternoon}) {
    EXPECT_EQ(ParseServiceWindow(ServiceWindowCode(window)), window);
  }
  EXPECT_FALSE(ParseServiceOrderType("turn-on"));
  EXPECT_FALSE(ParseServiceOrderStatus("done"));
  EXPECT_FALSE(ParseServiceWindow("evening"));
  EXPECT_STREQ(ServiceWindowLabel(ServiceWindow::kMorning), "8-10 AM");
  EXPECT_STREQ(ServiceWindowLabel(ServiceWindow::kAfternoon), "1-3 PM");
}

TEST(ServiceOrderTransitionTest, OpenAndDispatchedOrdersMoveOn) {
  EXPECT_EQ(*CanTransition(ServiceOrderStatus::kOpen, ServiceOrderAction::kDispatch),
            ServiceOrderStatus::kDispatched);
  EXPECT_EQ(*CanTransition(ServiceOrderStatus::kOpen, ServiceOrderAction::kComplete),
            ServiceOrderStatus::kCompleted);
  EXPECT_EQ(*CanTransition(ServiceOrderStatus::kOpen, ServiceOrderAction::kCancel),
            ServiceOrderStatus::kCancelled);
  EXPECT_EQ(*CanTransition(ServiceOrderStatus::kDispatched, ServiceOrderAction::kDispatch),
            ServiceOrderStatus::kDispatched);
  EXPECT_EQ(*CanTransition(ServiceOrderStatus::kDispatched, ServiceOrderAction::kComplete),
            ServiceOrderStatus::kCompleted);
  EXPECT_EQ(*CanTransition(ServiceOrderStatus::kDispatched, ServiceOrderAction::kCancel),
            ServiceOrderStatus::kCancelled);
}

TEST(ServiceOrderTransitionTest, RefusesEveryActionOnACompletedOrCancelledOrder) {
  for (ServiceOrderAction action : {ServiceOrderAction::kDispatch, ServiceOrderAction::kComplete,
                                    ServiceOrderAction::kCancel}) {
    auto completed = CanTransition(ServiceOrderStatus::kCompleted, action);
    ASSERT_FALSE(completed.ok());
    EXPECT_EQ(completed.error().reason, "ORDER_COMPLETED");
    EXPECT_EQ(completed.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(completed.error().field, "status");
    auto cancelled = CanTransition(ServiceOrderStatus::kCancelled, action);
    ASSERT_FALSE(cancelled.ok());
    EXPECT_EQ(cancelled.error().reason, "ORDER_CANCELLED");
  }
}

TEST(ServiceOrderDraftTest, AValidTurnOnPasses) {
  EXPECT_TRUE(ValidateServiceOrderDraft(TurnOn(), kToday).ok());
  ServiceOrderDraft today = TurnOn();
  today.requested_on = kToday;
  today.window = ServiceWindow::kAfternoon;
  EXPECT_TRUE(ValidateServiceOrderDraft(today, kToday).ok());
}

TEST(ServiceOrderDraftTest, RefusesEachBadFieldNamingIt) {
  auto refused = [](ServiceOrderDraft draft) {
    auto status = ValidateServiceOrderDraft(draft, kToday);
    EXPECT_FALSE(status.ok());
    return status.ok() ? std::string() : status.error().field + ":" + status.error().reason;
  };
  ServiceOrderDraft draft = TurnOn();
  draft.requested_on = D("2026-11-26");
  EXPECT_EQ(refused(draft), "requested_on:DATE_IN_PAST");
  draft = TurnOn();
  draft.requested_on.reset();
  EXPECT_EQ(refused(draft), "requested_on:FIELD_REQUIRED");
  draft = TurnOn();
  draft.requested_on = D("2028-01-01");
  EXPECT_EQ(refused(draft), "requested_on:DATE_TOO_FAR");
  draft = TurnOn();
  draft.window = ServiceWindow::kAnyTime;
  EXPECT_EQ(refused(draft), "window:WINDOW_REQUIRED");
  draft = TurnOn();
  draft.has_premise = false;
  EXPECT_EQ(refused(draft), "premise_id:FIELD_REQUIRED");
  draft = TurnOn();
  draft.has_meter = false;
  EXPECT_EQ(refused(draft), "meter_id:METER_REQUIRED");
  draft = TurnOn();
  draft.type = ServiceOrderType::kReread;
  EXPECT_EQ(refused(draft), "reading_exception_id:FIELD_REQUIRED");
  draft = TurnOn();
  draft.has_reading_exception = true;
  EXPECT_EQ(refused(draft), "reading_exception_id:FIELD_NOT_ALLOWED");
  draft = TurnOn();
  draft.remarks = std::string(kServiceOrderRemarksLengthMax + 1, 'x');
  EXPECT_EQ(refused(draft), "remarks:FIELD_TOO_LONG");
}

TEST(ServiceOrderDraftTest, OnlyATurnOnNeedsAWindowAndOnlyAnInvestigationNoMeter) {
  ServiceOrderDraft draft;
  draft.type = ServiceOrderType::kInvestigate;
  draft.requested_on = kToday;
  draft.has_premise = true;
  EXPECT_TRUE(ValidateServiceOrderDraft(draft, kToday).ok());
  draft.type = ServiceOrderType::kFinalRead;
  draft.has_meter = true;
  EXPECT_TRUE(ValidateServiceOrderDraft(draft, kToday).ok());
}

TEST(ServiceOrderCompletionTest, ATurnOnNeedsTheReadingThePersonAndTheWaiver) {
  ServiceOrderCompletion completion;
  completion.reading = 1200;
  completion.present_person = "Maria Lopez";
  completion.waiver_signed = true;
  EXPECT_TRUE(
      ValidateServiceOrderCompletion(ServiceOrderType::kTurnOn, completion, kToday, kToday).ok());

  auto refused = [](ServiceOrderType type, const ServiceOrderCompletion& bad) {
    auto status = ValidateServiceOrderCompletion(type, bad, D("2026-11-20"), kToday);
    EXPECT_FALSE(status.ok());
    return status.ok() ? std::string() : status.error().field + ":" + status.error().reason;
  };
  ServiceOrderCompletion bad = completion;
  bad.reading.reset();
  EXPECT_EQ(refused(ServiceOrderType::kTurnOn, bad), "reading:READING_REQUIRED");
  EXPECT_EQ(refused(ServiceOrderType::kFinalRead, bad), "reading:READING_REQUIRED");
  EXPECT_EQ(refused(ServiceOrderType::kReread, bad), "reading:READING_REQUIRED");
  bad = completion;
  bad.present_person = "  ";
  EXPECT_EQ(refused(ServiceOrderType::kTurnOn, bad), "present_person:PERSON_REQUIRED");
  bad = completion;
  bad.waiver_signed = false;
  EXPECT_EQ(refused(ServiceOrderType::kTurnOn, bad), "waiver_signed:WAIVER_REQUIRED");
  bad = completion;
  bad.reading = -1;
  EXPECT_EQ(refused(ServiceOrderType::kFinalRead, bad), "reading:READING_OUT_OF_RANGE");
  bad = completion;
  bad.completed_on = D("2026-11-28");
  EXPECT_EQ(refused(ServiceOrderType::kFinalRead, bad), "completed_on:DATE_IN_FUTURE");
  bad.completed_on = D("2026-11-19");
  EXPECT_EQ(refused(ServiceOrderType::kFinalRead, bad), "completed_on:DATE_BEFORE_ORDER");
  bad = completion;
  bad.worked_by = std::string(kServiceOrderNameLengthMax + 1, 'w');
  EXPECT_EQ(refused(ServiceOrderType::kFinalRead, bad), "worked_by:FIELD_TOO_LONG");
}

TEST(ServiceOrderCompletionTest, AnInvestigationNeedsNoReadingAndAFinalReadNoWaiver) {
  ServiceOrderCompletion completion;
  completion.remarks = "No leak found.";
  EXPECT_TRUE(
      ValidateServiceOrderCompletion(ServiceOrderType::kInvestigate, completion, kToday, kToday)
          .ok());
  completion.reading = 5;
  EXPECT_TRUE(
      ValidateServiceOrderCompletion(ServiceOrderType::kFinalRead, completion, kToday, kToday)
          .ok());
}

}  // namespace
}  // namespace cistern
