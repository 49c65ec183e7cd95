// SwiftPM links an executable target with `main` aliased to `<Module>_main`, so libFuzzer's own
// `main` cannot be used; this entry point hands control to libFuzzer's driver instead.
#include <stddef.h>
#include <stdint.h>

extern int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int DesciFuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
