// Header-only: see include/process_control.h.
