import type { ExportTable } from './columns.ts';

/**
 * `load.R`: reads every CSV of the export with the types, factor levels and labels of
 * `data_dictionary.csv` (base R only, no packages). Sourcing it leaves `cxcr4pet`, a named list of
 * data frames; each column carries its label in `attr(x, "label")` (the attribute Hmisc, labelled and
 * haven read).
 */
export function loaderScript(tables: readonly ExportTable[], title: string): string {
  return `# cxcr4pet export: ${title}
# source("load.R") in this folder (or Rscript load.R) gives 'cxcr4pet', a list of data frames:
# ${tables.map((t) => t.name).join(', ')}
# Types, factor levels and labels come from data_dictionary.csv. Base R only.
cxcr4pet_load <- function(dir = ".") {
  dictionary <- read.csv(file.path(dir, "data_dictionary.csv"), colClasses = "character",
                         na.strings = "", check.names = FALSE, encoding = "UTF-8")
  tables <- list()
  for (name in unique(dictionary$table)) {
    columns <- dictionary[dictionary$table == name, ]
    data <- read.csv(file.path(dir, paste0(name, ".csv")), colClasses = "character",
                     na.strings = "", check.names = FALSE, encoding = "UTF-8")
    for (i in seq_len(nrow(columns))) {
      column <- columns$column[i]
      x <- data[[column]]
      x <- switch(columns$type[i],
        number = as.numeric(x),
        integer = as.integer(x),
        logical = as.logical(x),
        date = as.Date(x),
        datetime = as.POSIXct(sub("([+-][0-9]{2}):([0-9]{2})$", "\\\\1\\\\2", sub("Z$", "+0000", x)),
                              format = "%Y-%m-%dT%H:%M:%OS%z", tz = "UTC"),
        factor = factor(x, levels = strsplit(columns$levels[i], "|", fixed = TRUE)[[1]]),
        x)
      attr(x, "label") <- columns$label[i]
      data[[column]] <- x
    }
    tables[[name]] <- data
  }
  tables
}
cxcr4pet <- cxcr4pet_load(if (exists("cxcr4pet_dir")) cxcr4pet_dir else ".")
`;
}
