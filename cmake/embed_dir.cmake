# Turns every *.json file of the folder DIR into one C source OUT defining
# the table of built-in training scenarios (src/train.h):
#   const struct train_builtin train_builtin_table[];  {id, data, len}, sorted by id
#   const size_t train_builtin_count;
# The id is the file name without ".json"; each array holds the bytes plus a
# terminating NUL (not counted in len).
file(GLOB _files "${DIR}/*.json")
list(SORT _files)
set(_defs "")
set(_table "")
set(_i 0)
foreach(_f ${_files})
  get_filename_component(_id "${_f}" NAME_WE)
  file(READ "${_f}" _hex HEX)
  string(LENGTH "${_hex}" _hexlen)
  math(EXPR _len "${_hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _bytes "${_hex}")
  string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" _bytes "${_bytes}")
  string(APPEND _defs "static const unsigned char s${_i}[] = {\n${_bytes}0x00};\n")
  string(APPEND _table "    {\"${_id}\", s${_i}, ${_len}},\n")
  math(EXPR _i "${_i} + 1")
endforeach()
if(_i EQUAL 0)
  # an empty folder still gives a valid table
  string(APPEND _table "    {\"\", NULL, 0},\n")
endif()
file(WRITE "${OUT}.tmp"
  "/* Generated from the JSON files in ${DIR} by cmake/embed_dir.cmake; do not edit. */\n"
  "#include \"train.h\"\n"
  "extern const struct train_builtin train_builtin_table[];\n"
  "extern const size_t train_builtin_count;\n"
  "${_defs}"
  "const struct train_builtin train_builtin_table[] = {\n${_table}};\n"
  "const size_t train_builtin_count = ${_i};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
