# Turns the file IN into a C source OUT defining
#   const unsigned char NAME[]; const size_t NAME_len;
# The array holds the bytes plus a terminating NUL (not counted in NAME_len).
file(READ "${IN}" _hex HEX)
string(LENGTH "${_hex}" _hexlen)
math(EXPR _len "${_hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _bytes "${_hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" _bytes "${_bytes}")
file(WRITE "${OUT}.tmp"
  "/* Generated from ${IN}; do not edit. */\n#include <stddef.h>\n"
  "extern const unsigned char ${NAME}[];\nextern const size_t ${NAME}_len;\n"
  "const unsigned char ${NAME}[] = {\n${_bytes}0x00};\n"
  "const size_t ${NAME}_len = ${_len};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
