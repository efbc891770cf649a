package org.touchpoint.sales.opportunity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Create or replace a pipeline: its ordered stages, one won and one lost among them. */
record PipelineRequest(@NotBlank @Size(max = 100) String name,
                       @NotEmpty @Size(max = 30) List<@Valid @NotNull StageRequest> stages) {

    record StageRequest(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "must be lower-case letters, digits and dashes") String key,
            @NotBlank @Size(max = 100) String name,
            @NotNull @Min(0) @Max(100) Integer probability,
            @Pattern(regexp = "pipeline|best-case|commit|closed|omitted", message = "must be pipeline, best-case, commit, closed or omitted") String forecastCategory,
            @Pattern(regexp = "open|won|lost", message = "must be open, won or lost") String type) {

        Pipeline.Stage toStage() {
            String t = type == null ? Pipeline.OPEN : type;
            String category = forecastCategory != null ? forecastCategory
                    : Pipeline.WON.equals(t) ? "closed" : Pipeline.LOST.equals(t) ? "omitted" : "pipeline";
            return new Pipeline.Stage(key, name, probability, category, t);
        }
    }

    List<Pipeline.Stage> toStages() {
        return stages.stream().map(StageRequest::toStage).toList();
    }
}
