# Reliability: fault injection, power cuts, forgery and abuse (issue 8).
# The LD_PRELOAD library that injects fsync/write failures.
add_library(jh_fault_preload SHARED faults/fault_preload.c)
target_link_libraries(jh_fault_preload PRIVATE dl)
set_target_properties(jh_fault_preload PROPERTIES OUTPUT_NAME fault_preload)
