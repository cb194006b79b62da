// Work the server runs beside its requests (billing runs posting in the background). Internal to
// http/.
#pragma once

namespace cistern::http {

// Asks background work to stop at its next safe point (a billing run stops after the chunk it
// is writing, which a later post resumes) and waits for it. Called when the server stops.
void StopBackgroundWork();

}  // namespace cistern::http
