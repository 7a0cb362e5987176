# embed_sql(<target> NAMESPACE <ns> HEADER <name.h> FILES <a.sql> ...)
#
# Turns each SQL file into a named constant of a generated header, so SQL lives in .sql files
# a reader can find and the binaries need no files at run time. `queries/insert_return.sql`
# becomes `<ns>::kInsertReturn`; `V001__schema.sql` becomes an entry of `<ns>::kMigrations`
# when MIGRATIONS is given.
function(embed_sql target)
  cmake_parse_arguments(ARG "MIGRATIONS" "NAMESPACE;HEADER" "FILES" ${ARGN})
  set(header "${CMAKE_CURRENT_BINARY_DIR}/generated/${ARG_HEADER}")
  set(absolute_files "")
  foreach(file IN LISTS ARG_FILES)
    get_filename_component(absolute "${file}" ABSOLUTE)
    list(APPEND absolute_files "${absolute}")
  endforeach()
  # A list would split into separate arguments: pass the files joined with '|'.
  string(JOIN "|" joined_files ${absolute_files})
  add_custom_command(
    OUTPUT "${header}"
    COMMAND ${CMAKE_COMMAND}
            -DHEADER=${header} -DNAMESPACE=${ARG_NAMESPACE} -DMIGRATIONS=${ARG_MIGRATIONS}
            "-DFILES=${joined_files}"
            -P "${PROJECT_SOURCE_DIR}/cmake/EmbedSqlScript.cmake"
    DEPENDS ${absolute_files} "${PROJECT_SOURCE_DIR}/cmake/EmbedSqlScript.cmake"
    COMMENT "Embedding SQL into ${ARG_HEADER}"
    VERBATIM)
  target_sources(${target} PRIVATE "${header}")
  target_include_directories(${target} PRIVATE "${CMAKE_CURRENT_BINARY_DIR}/generated")
endfunction()
