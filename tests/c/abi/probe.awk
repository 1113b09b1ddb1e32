# probe.awk: turns include/justclick.h into a C file defining every function it
# declares (each body traps), for tests/c/abi/check: compiled with -g, its DWARF is the
# C ABI exactly as the header gives it, which abidw records and abidiff compares.
# A declaration starts in column 0 with its return type and ends with ");".
/^[A-Za-z_][A-Za-z0-9_ *]*\(/ && !/^typedef/ { in_decl = 1 }
in_decl && /\);[ \t]*$/ { sub(/\);[ \t]*$/, ") { __builtin_trap(); }"); in_decl = 0 }
{ print }
