# Read every table of the data package as an R user would, with readr, and check it.
#
#   Rscript tests/r/check_package.R [PACKAGE_DIR]
#
# Column types come from datapackage.json and schema/<table>.json (string -> character,
# integer -> integer, boolean -> logical, date -> Date). Only the empty cell is missing
# (na = ""), so the text "NA" stays text. For each table: the row count equals the file's data
# lines, the columns are the schema's, no parsing problems (readr::problems() empty), no missing
# value in a required field, the primary key is unique. Prints one line per table and exits 1
# naming every problem.

suppressPackageStartupMessages({
  library(readr)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
root <- if (length(args) >= 1) args[[1]] else "."
descriptor <- fromJSON(file.path(root, "datapackage.json"), simplifyVector = FALSE)

collector <- function(type) {
  switch(type,
    string = col_character(),
    integer = col_integer(),
    boolean = col_logical(),
    date = col_date(format = "%Y-%m-%d"),
    stop("unknown Table Schema type: ", type)
  )
}

failures <- character()
fail <- function(table, message) {
  failures <<- c(failures, sprintf("%s: %s", table, message))
}

for (resource in descriptor$resources) {
  name <- resource$name
  schema <- fromJSON(file.path(root, resource$schema), simplifyVector = FALSE)
  fields <- vapply(schema$fields, function(f) f$name, character(1))
  types <- setNames(lapply(schema$fields, function(f) collector(f$type)), fields)
  path <- file.path(root, resource$path)

  # readr's own warning only points at problems(), which is reported below
  df <- suppressWarnings(read_csv(path, col_types = do.call(cols, types), na = "", quote = "\"",
                                  locale = locale(encoding = "UTF-8"), progress = FALSE, lazy = FALSE))
  # every record is one line: the dataset's cells hold no line breaks
  data_lines <- length(readLines(path, encoding = "UTF-8", warn = FALSE)) - 1L

  if (!identical(names(df), fields)) {
    fail(name, sprintf("columns %s differ from the schema's %s",
                       paste(names(df), collapse = ","), paste(fields, collapse = ",")))
  }
  if (nrow(df) != data_lines) {
    fail(name, sprintf("read %d rows but the file has %d data lines", nrow(df), data_lines))
  }
  probs <- problems(df)
  if (nrow(probs) > 0) {
    for (i in seq_len(nrow(probs))) {
      # problems()$row counts the header, so it is the file's line number
      fail(name, sprintf("line %d, column %s: expected %s, got '%s'", probs$row[i],
                         fields[probs$col[i]], probs$expected[i], probs$actual[i]))
    }
  }
  for (f in schema$fields) {
    required <- isTRUE(f$constraints$required)
    if (required && f$name %in% names(df) && anyNA(df[[f$name]])) {
      fail(name, sprintf("required field %s has %d missing value(s)", f$name, sum(is.na(df[[f$name]]))))
    }
  }
  key <- unlist(schema$primaryKey)
  if (all(key %in% names(df)) && anyDuplicated(df[key]) > 0) {
    fail(name, sprintf("primary key (%s) is not unique", paste(key, collapse = ", ")))
  }
  cat(sprintf("%s: %d rows\n", name, nrow(df)))
}

if (length(failures) > 0) {
  cat(failures, sep = "\n")
  cat(sprintf("R: %d problem(s)\n", length(failures)))
  quit(status = 1)
}
cat(sprintf("R: %d tables read with readr, no problems\n", length(descriptor$resources)))
